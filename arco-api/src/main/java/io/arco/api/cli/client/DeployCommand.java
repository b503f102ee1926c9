package io.arco.api.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco deploy FILE}: posts a manifest (api-contract §2.1) and prints the new manifest's id.
 * A file that cannot be read or is not a JSON object is an error before any request is sent; the
 * server validates the manifest itself.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Deploy a manifest (a JSON file) to the workspace.")
public final class DeployCommand extends ClientCommand {
  @Parameters(paramLabel = "FILE", description = "The manifest JSON file.")
  Path file;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Send Idempotency-Key: the same manifest again answers the first deploy.")
  Optional<String> idempotencyKey = Optional.empty();

  @Override
  protected int run(ApiClient client) {
    JsonNode manifest = read(file);
    ApiClient.Answer a =
        client.post(
            client.connection().workspacePath("/manifests"),
            manifest,
            idempotencyKey.map(k -> Map.of("Idempotency-Key", k)).orElse(Map.of()));
    if (output == Format.json) {
      printJson(a.body());
      return ExitCodes.OK;
    }
    JsonNode b = a.body();
    out().println(
        (a.status() == 200 ? "already deployed (same idempotency key): manifest " : "deployed manifest ")
            + b.path("manifestId").asText()
            + " (version "
            + manifest.path("manifestVersion").asText("-")
            + ", code version "
            + b.path("codeVersionId").asText()
            + ", "
            + b.path("assetCount").asInt()
            + " assets) to workspace "
            + b.path("workspaceId").asText(client.connection().workspace()));
    out().flush();
    return ExitCodes.OK;
  }

  /** The file as a JSON object, or a one-line error naming the file. */
  static JsonNode read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ClientException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new ClientException("cannot read " + file + ": " + e.getMessage());
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ClientException(
          file
              + " is not valid JSON"
              + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ClientException("cannot read " + file + ": " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ClientException(file + " is not a JSON object (a manifest is one)");
    }
    return n;
  }
}
