package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where a client command connects and how it authenticates: {@code --url}, {@code --workspace},
 * {@code --tenant} and {@code --token}, each taken from the flag, else the environment ({@code
 * ARCO_URL}, {@code ARCO_WORKSPACE}, {@code ARCO_TENANT}, {@code ARCO_TOKEN}), else the config file
 * ({@code --config}, {@code ARCO_CONFIG}, default {@code ~/.config/arco/config.json}: a JSON object
 * with the keys {@code url}, {@code workspace}, {@code tenant}, {@code token}), else the defaults
 * of {@code arco serve} ({@code http://127.0.0.1:8080}, workspace {@code default}, tenant {@code
 * local}). With a token the client sends {@code Authorization: Bearer}; without one it sends the
 * dev-mode tenancy headers.
 */
public final class Connection {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--url", description = "Server URL (env ARCO_URL; default " + DEFAULT_URL + ").")
  Optional<String> url = Optional.empty();

  @Option(names = "--workspace", description = "Workspace (env ARCO_WORKSPACE; default default).")
  Optional<String> workspace = Optional.empty();

  @Option(names = "--tenant", description = "Tenant sent in dev mode (env ARCO_TENANT; default local).")
  Optional<String> tenant = Optional.empty();

  @Option(names = "--token", description = "User JWT for a server in JWT mode (env ARCO_TOKEN).")
  Optional<String> token = Optional.empty();

  @Option(names = "--config", description = "Config file (env ARCO_CONFIG; default ~/.config/arco/config.json).")
  Optional<Path> config = Optional.empty();

  /** The settings resolved from flags, environment and config file, in that order. */
  public record Resolved(String url, String workspace, String tenant, Optional<String> token) {
    /** The headers each user request authenticates with. */
    public Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      if (token.isPresent()) {
        h.put("Authorization", "Bearer " + token.get());
      } else {
        h.put("X-Tenant-Id", tenant);
        h.put("X-Workspace-Id", workspace);
        h.put("X-User-Id", "arco-cli");
      }
      return h;
    }

    /** {@code /api/v1/workspaces/{ws}} followed by {@code suffix}. */
    public String workspacePath(String suffix) {
      return "/api/v1/workspaces/" + workspace + suffix;
    }
  }

  /** Resolves against the process environment and the user's home directory. */
  public Resolved resolve() {
    return resolve(System::getenv, Path.of(System.getProperty("user.home")));
  }

  /**
   * Resolves against {@code env} and {@code home} (tests pass their own).
   *
   * @throws ClientException when the config file exists but is not a JSON object
   */
  public Resolved resolve(Function<String, String> env, Path home) {
    Optional<Path> file =
        config.or(() -> Optional.ofNullable(env.apply("ARCO_CONFIG")).map(Path::of));
    JsonNode cfg = readConfig(file.orElse(home.resolve(".config/arco/config.json")), file.isPresent());
    String u = pick(url, env, "ARCO_URL", cfg, "url").orElse(DEFAULT_URL);
    return new Resolved(
        u.endsWith("/") ? u.substring(0, u.length() - 1) : u,
        pick(workspace, env, "ARCO_WORKSPACE", cfg, "workspace").orElse("default"),
        pick(tenant, env, "ARCO_TENANT", cfg, "tenant").orElse("local"),
        pick(token, env, "ARCO_TOKEN", cfg, "token"));
  }

  private static Optional<String> pick(
      Optional<String> flag, Function<String, String> env, String var, JsonNode cfg, String key) {
    return flag.or(() -> Optional.ofNullable(env.apply(var)).filter(v -> !v.isEmpty()))
        .or(() -> cfg.path(key).isTextual() ? Optional.of(cfg.path(key).asText()) : Optional.empty());
  }

  private static JsonNode readConfig(Path file, boolean named) {
    if (!Files.exists(file)) {
      if (named) {
        throw new ClientException("config file " + file + " does not exist");
      }
      return Json.MAPPER.missingNode();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(file));
      if (n == null || !n.isObject()) {
        throw new ClientException("config file " + file + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ClientException("cannot read config file " + file + ": " + e.getMessage());
    }
  }
}
