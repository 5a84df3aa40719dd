package io.tributary.stream.produce;

/** Told how far a produce run is, so a CLI can draw a progress bar. Called from one thread. */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /** Before the first row: the total size of all files, in bytes. */
  default void started(long totalBytes) {}

  /** After rows are handed to Kafka: bytes read so far (all files) and records sent so far. */
  default void advanced(long bytesRead, long records) {}

  /** After the last record is acknowledged. */
  default void finished(ProduceReport report) {}
}
