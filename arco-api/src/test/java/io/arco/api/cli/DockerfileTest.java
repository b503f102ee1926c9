package io.arco.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps the repository's {@code Dockerfile} true to the build and the command line: no Docker
 * daemon is needed (CI has none), so these check what the image would run against the code.
 */
class DockerfileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static List<String> lines() throws Exception {
    return Files.readAllLines(ROOT.resolve("Dockerfile")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static List<String> jsonArray(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(line.substring(line.indexOf('[')));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theImageIsBuiltInOneStageAndRunsOnAJreInAnother() throws Exception {
    List<String> from = lines().stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("maven:").contains(" AS build");
    assertThat(from.get(1)).contains("-jre");
  }

  @Test
  void theRuntimeStageCopiesTheShadedJarTheBuildMakes() throws Exception {
    String pom = Files.readString(ROOT.resolve("arco-api/pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).isTrue();
    String jar = "/src/arco-api/target/" + finalName.group(1) + ".jar";
    assertThat(lines()).anyMatch(l -> l.startsWith("COPY --from=build " + jar + " "));
    assertThat(lines())
        .anyMatch(l -> l.startsWith("RUN mvn ") && l.contains("-pl arco-api -am package"));
    for (String module : List.of("arco-flow", "arco-api", "arco-xtask", "arco-bench", "clients/python")) {
      assertThat(Files.exists(ROOT.resolve(module).resolve("pom.xml"))).isTrue();
      assertThat(lines()).anyMatch(l -> l.startsWith("COPY " + module + "/pom.xml "));
    }
  }

  @Test
  void theServerRunsAsANonRootUserWithItsStoreOnAVolume() throws Exception {
    List<String> lines = lines();
    int runtime = lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow());
    List<String> stage = lines.subList(runtime, lines.size());
    String user = stage.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
    assertThat(user.substring(5).split(":")[0]).isNotIn("0", "root");
    assertThat(stage).contains("VOLUME [\"/data\"]");
    List<String> cmd = jsonArray(stage.stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow());
    assertThat(cmd).containsSequence("--data-dir", "/data");
  }

  @Test
  void everyOptionTheImageStartsWithIsOneTheServeCommandHas() throws Exception {
    List<String> lines = lines();
    List<String> entrypoint =
        jsonArray(lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow());
    assertThat(entrypoint).endsWith("-jar", "/opt/arco/arco.jar");
    List<String> cmd = jsonArray(lines.stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow());
    assertThat(cmd.get(0)).isEqualTo("serve");
    CommandLine serve = new CommandLine(new Main()).getSubcommands().get("serve");
    for (String arg : cmd.subList(1, cmd.size())) {
      if (arg.startsWith("--")) {
        assertThat(serve.getCommandSpec().findOption(arg)).as(arg).isNotNull();
      }
    }
    // Parses as the server would parse it.
    new CommandLine(new Main()).parseArgs(cmd.toArray(String[]::new));
  }
}
