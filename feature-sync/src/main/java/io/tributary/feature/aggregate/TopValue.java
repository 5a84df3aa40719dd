package io.tributary.feature.aggregate;

/** One of a {@code top_n} feature's values and how often it occurred in the window. */
public record TopValue(String value, long count) {}
