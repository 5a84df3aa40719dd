package io.tributary.infra.cli;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * What to tell someone whose command failed in AWS's SDK (the glue catalog, S3, DynamoDB): one
 * line, with the fix for the usual cause, missing credentials, instead of the SDK's list of every
 * provider it tried.
 */
final class AwsErrors {
  private AwsErrors() {}

  static boolean isAws(Throwable e) {
    return cause(e) != null;
  }

  static String describe(Throwable e) {
    SdkException aws = cause(e);
    if (aws == null) {
      return String.valueOf(e.getMessage());
    }
    String message = String.valueOf(aws.getMessage());
    if (message.startsWith("Unable to load credentials")) {
      return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any value for a"
          + " local stand-in such as moto), or AWS_PROFILE, or run where a role is given";
    }
    int end = message.indexOf(" (Service:");
    return "AWS: " + (end > 0 ? message.substring(0, end) : message);
  }

  private static SdkException cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SdkException aws) {
        return aws;
      }
    }
    return null;
  }
}
