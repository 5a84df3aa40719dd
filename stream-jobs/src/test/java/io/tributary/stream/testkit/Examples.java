package io.tributary.stream.testkit;

import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.nio.file.Path;
import java.util.List;

/** The example sources and pipelines of the checkout, as tests declare them. */
public final class Examples {
  /** Where the example sources are, seen from a module directory (Maven's working directory). */
  public static final Path SOURCES = Path.of("../examples/sources");

  /** Where the example pipelines are. */
  public static final Path PIPELINES = Path.of("../examples/pipelines");

  /** Where the example data files are. */
  public static final Path DATA = Path.of("../examples/data");

  private Examples() {}

  public static Sources sources() {
    return Sources.load(SOURCES);
  }

  public static Pipelines pipelines() {
    return Pipelines.load(List.of(PIPELINES));
  }

  public static PipelineSpec pipeline(String name) {
    return pipelines().get(name);
  }

  /** The example source {@code orders}. */
  public static SourceSpec orders() {
    return sources().get("orders");
  }

  /**
   * The example source {@code orders} under another name, so on topics ({@code src.<name>}, {@code
   * dlq.<name>}) and tables of its own: tests of one class share one broker and one lake.
   */
  public static SourceSpec orders(String name) {
    return renamed(orders(), name, SourceSpec.defaultTopic(name));
  }

  /** {@code spec} as source {@code name} on {@code topic}, all else as declared. */
  public static SourceSpec renamed(SourceSpec spec, String name, String topic) {
    return new SourceSpec(
        name,
        topic,
        spec.format(),
        spec.key(),
        spec.eventTime(),
        spec.maxOutOfOrderness(),
        spec.partitions(),
        spec.columns(),
        spec.metadata(),
        spec.current(),
        spec.maintenance(),
        spec.kinesis());
  }
}
