package io.tributary.infra.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rendered manifests.
 *
 * @param jobs the jobs, one FlinkDeployment each
 * @param files each manifest's file name and text, the kustomization listing them last
 */
public record Rendered(List<RenderedJob> jobs, Map<String, String> files) {
  public Rendered {
    jobs = List.copyOf(jobs);
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Writes the files into {@code dir}, replacing an earlier render there (its YAML files go, so a
   * removed job's manifest does not linger).
   *
   * @throws RenderException when {@code dir} holds files but is not a render's directory
   */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> existing = DeclarationFiles.list(dir);
    if (!existing.isEmpty() && !Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
      throw new RenderException(
          dir + " holds files but no kustomization.yaml: not a directory k8s render wrote");
    }
    for (Path file : existing) {
      if (DeclarationFiles.isYaml(file)) {
        Files.delete(file);
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
