package io.tributary.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a module that reads features (the serving Lambda) inherits from this one: the AWS SDK's
 * DynamoDB client, the sketches and a logging API; Flink, Kafka, Iceberg and the platform's own
 * modules are provided by whoever runs a feature job.
 */
class FeatureDependenciesTest {
  private static final Set<String> INHERITED =
      Set.of(
          "software.amazon.awssdk:dynamodb",
          "software.amazon.awssdk:url-connection-client",
          "software.amazon.awssdk:netty-nio-client",
          "org.apache.datasketches:datasketches-java",
          "org.slf4j:slf4j-api");

  @Test
  void onlyTheStoreClientAndTheSketchesAreInherited() throws Exception {
    var pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    Element dependencies =
        (Element) pom.getDocumentElement().getElementsByTagName("dependencies").item(0);
    NodeList list = dependencies.getElementsByTagName("dependency");
    List<String> inherited = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      Element dependency = (Element) list.item(i);
      if (dependency.getParentNode() != dependencies) {
        continue;
      }
      NodeList scope = dependency.getElementsByTagName("scope");
      String scoped = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent();
      if (scoped.equals("compile") || scoped.equals("runtime")) {
        inherited.add(
            dependency.getElementsByTagName("groupId").item(0).getTextContent()
                + ":"
                + dependency.getElementsByTagName("artifactId").item(0).getTextContent());
      }
    }
    assertThat(inherited).containsExactlyInAnyOrderElementsOf(INHERITED);
  }
}
