package io.tributary.catalog.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The edges ask one question of any failure: what code, and so what kind, is it? */
class TributaryExceptionTest {
  @Test
  void ourFailuresCarryTheirCodeAndEverythingElseIsInternal() {
    TributaryException conflict =
        new TributaryException(
            ErrorCode.CONFLICT, "Job landing-clicks is stopped; restart it first");

    assertThat(TributaryException.codeOf(conflict)).isEqualTo(ErrorCode.CONFLICT);
    assertThat(conflict.kind()).isEqualTo(ErrorKind.USER);
    assertThat(
            TributaryException.codeOf(
                new InvalidValueException("The kafka port -1 is not in 0..65535")))
        .isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(TributaryException.codeOf(new IllegalArgumentException("a precondition")))
        .isEqualTo(ErrorCode.INTERNAL);
    assertThat(
            TributaryException.codeOf(new UncheckedIOException("disk", new java.io.IOException())))
        .isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void everyCodeHasTheKindTheEdgesRenderItBy() {
    assertThat(ErrorCode.UNAVAILABLE.kind()).isEqualTo(ErrorKind.EXTERNAL);
    assertThat(ErrorCode.EXTERNAL_FAILURE.kind()).isEqualTo(ErrorKind.EXTERNAL);
    assertThat(ErrorCode.INTERNAL.kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(ErrorCode.INVALID_DECLARATION.kind()).isEqualTo(ErrorKind.USER);
  }
}
