package io.tributary.infra.local;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sources, pipelines and feature groups a start of the platform runs: those of the configured
 * directories, or, without pipelines directories, the pipelines deployed on this data dir before
 * the restart (so a restart runs what ran before it). Read before anything starts, so that a wrong
 * declaration stops {@code up} with nothing running.
 *
 * @param replacesDeployed whether the pipelines are now the whole deployed set (they came from
 *     pipelines directories), so that what was deployed before and is not among them is forgotten
 */
record Declarations(
    Sources sources, Pipelines pipelines, boolean replacesDeployed, FeatureGroups features) {

  static Declarations load(LocalConfig config, DataDir dataDir, Banner banner) {
    Sources sources = sources(config.sourceDirs());
    // checked against the sources before anything starts: a wrong group stops `up` here
    FeatureGroups features = FeatureGroups.load(config.features().dirs(), sources);
    if (!config.pipelineDirs().isEmpty()) {
      return new Declarations(sources, Pipelines.load(config.pipelineDirs()), true, features);
    }
    return new Declarations(
        sources, deployed(dataDir.deployed(), sources, banner), false, features);
  }

  private static Sources sources(List<Path> directories) {
    List<SourceSpec> all = new ArrayList<>();
    for (Path dir : directories) {
      all.addAll(Sources.load(dir).all());
    }
    try {
      return Sources.of(all);
    } catch (TributaryException e) {
      throw new TributaryException(
          ErrorCode.INVALID_DECLARATION, e.getMessage() + " (in " + directories + ")", e);
    }
  }

  /**
   * The pipelines last deployed on this data dir whose sources are declared now; one over a source
   * this start does not declare is left out, with a line saying so, and stays deployed for a start
   * that declares it.
   */
  private static Pipelines deployed(Path deployed, Sources sources, Banner banner) {
    if (!Files.isDirectory(deployed)) {
      return Pipelines.none();
    }
    Set<String> declared = sources.all().stream().map(SourceSpec::name).collect(Collectors.toSet());
    Map<String, PipelineSpec> resumed = new LinkedHashMap<>();
    for (PipelineSpec pipeline : Pipelines.load(List.of(deployed)).all()) {
      List<String> missing =
          pipeline.transform().sourceNames().stream()
              .filter(source -> !declared.contains(source))
              .toList();
      if (missing.isEmpty()) {
        resumed.put(pipeline.name(), pipeline);
      } else {
        banner.notResumed(pipeline, missing);
      }
    }
    if (!resumed.isEmpty()) {
      banner.resumedPipelines(resumed.size(), deployed);
    }
    return Pipelines.of(resumed.values());
  }
}
