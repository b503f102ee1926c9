package io.arco.api.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Connection settings come from the flag, else the environment, else the config file, else defaults. */
class ConnectionTest {
  @TempDir Path home;

  private static Connection flags(String... args) {
    return CommandLine.populateCommand(new Connection(), args);
  }

  private static Function<String, String> env(Map<String, String> vars) {
    return vars::get;
  }

  private void config(String json) throws Exception {
    Path f = home.resolve(".config/arco/config.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
    config(
        """
        {"url": "http://config:1", "workspace": "cfgws", "tenant": "cfgtenant", "token": "cfgtoken"}
        """);
    Function<String, String> env = env(Map.of("ARCO_URL", "http://env:2", "ARCO_WORKSPACE", "envws"));

    Connection.Resolved r = flags("--url", "http://flag:3/").resolve(env, home);

    assertThat(r.url()).isEqualTo("http://flag:3");
    assertThat(r.workspace()).isEqualTo("envws");
    assertThat(r.tenant()).isEqualTo("cfgtenant");
    assertThat(r.token()).contains("cfgtoken");
    assertThat(r.headers()).containsExactly(Map.entry("Authorization", "Bearer cfgtoken"));
    assertThat(r.workspacePath("/runs")).isEqualTo("/api/v1/workspaces/envws/runs");
  }

  @Test
  void withoutFlagsEnvironmentOrConfigTheServeDefaultsApplyWithDevModeHeaders() {
    Connection.Resolved r = flags().resolve(env(Map.of()), home);

    assertThat(r).isEqualTo(new Connection.Resolved("http://127.0.0.1:8080", "default", "local", Optional.empty()));
    assertThat(r.headers())
        .containsExactly(
            Map.entry("X-Tenant-Id", "local"), Map.entry("X-Workspace-Id", "default"), Map.entry("X-User-Id", "arco-cli"));
  }

  @Test
  void anEmptyEnvironmentVariableCountsAsUnset() throws Exception {
    config("{\"token\": \"cfgtoken\"}");

    Connection.Resolved r = flags().resolve(env(Map.of("ARCO_TOKEN", "")), home);

    assertThat(r.token()).contains("cfgtoken");
  }

  @Test
  void aConfigFileNamedByFlagOrEnvironmentReplacesTheDefaultOne() throws Exception {
    config("{\"url\": \"http://default-file:1\"}");
    Path other = home.resolve("other.json");
    Files.writeString(other, "{\"url\": \"http://other-file:2\", \"tenant\": \"acme\"}");

    Connection.Resolved byEnv = flags().resolve(env(Map.of("ARCO_CONFIG", other.toString())), home);
    Connection.Resolved byFlag = flags("--config", other.toString()).resolve(env(Map.of()), home);

    assertThat(byEnv.url()).isEqualTo("http://other-file:2");
    assertThat(byFlag.tenant()).isEqualTo("acme");
  }

  @Test
  void aNamedConfigFileMustExistAndHoldAJsonObject() throws Exception {
    Path list = home.resolve("list.json");
    Files.writeString(list, "[1]");

    assertThatThrownBy(() -> flags("--config", home.resolve("none.json").toString()).resolve(env(Map.of()), home))
        .isInstanceOf(ClientException.class)
        .hasMessage("config file " + home.resolve("none.json") + " does not exist");
    assertThatThrownBy(() -> flags().resolve(env(Map.of("ARCO_CONFIG", list.toString())), home))
        .isInstanceOf(ClientException.class)
        .hasMessage("config file " + list + " is not a JSON object");
  }
}
