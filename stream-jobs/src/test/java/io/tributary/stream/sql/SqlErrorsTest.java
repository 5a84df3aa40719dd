package io.tributary.stream.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlErrorsTest {
  @Test
  void serverSideStackTraceIsReducedToItsRootCause() {
    String message =
        "[Internal server error., <Exception on server side: "
            + "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit job. at"
            + " org.apache.flink.runtime.dispatcher.Dispatcher.lambda$handleTermination$6(Dispatcher.java:635)"
            + " Caused by: java.lang.RuntimeException: Could not deserialize stream node 1 at"
            + " org.apache.flink.streaming.api.graph.StreamGraph.x(StreamGraph.java:1655)"
            + " Caused by: java.lang.ClassNotFoundException: org.example.Missing at"
            + " java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)"
            + " ... 48 more End of exception on server side>]";

    assertThat(SqlErrors.serverSideCause(message))
        .isEqualTo(
            "the Flink cluster failed the statement: java.lang.ClassNotFoundException:"
                + " org.example.Missing");
  }

  @Test
  void localMessagesAreKept() {
    assertThat(SqlErrors.serverSideCause("Object 'nope' not found within 'lake.bronze'"))
        .isEqualTo("Object 'nope' not found within 'lake.bronze'");
  }

  @Test
  void longTokenListsOfTheParserAreCut() {
    String message =
        "Encountered \"<EOF>\" at line 1, column 45. Was expecting one of: \"CURSOR\" ..."
            + " \"EXISTS\" ... \"NOT\" ... \"ROW\" ... \"UNIQUE\" ... \"(\" ... \"+\" ... \"-\" ...";

    assertThat(SqlErrors.shortExpectations(message))
        .isEqualTo(
            "Encountered \"<EOF>\" at line 1, column 45; expected one of \"CURSOR\", \"EXISTS\","
                + " \"NOT\", \"ROW\", \"UNIQUE\", \"(\" (or 2 more)");
  }

  @Test
  void validationErrorsGiveTheirStartAsThePosition() {
    SqlErrors.Located located =
        SqlErrors.locate(
            new org.apache.flink.table.api.ValidationException(
                "SQL validation failed. From line 3, column 8 to line 3, column 12: Column 'amout'"
                    + " not found in any table"));

    assertThat(located)
        .isEqualTo(new SqlErrors.Located(3, 8, "Column 'amout' not found in any table"));
  }
}
