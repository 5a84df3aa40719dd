package io.tributary.feature.dynamodb;

/** A read of a group the online store has no pointer for: never deployed, or removed. */
public final class UnknownFeatureGroupException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownFeatureGroupException(String group) {
    super("The online store has no feature group " + group);
  }
}
