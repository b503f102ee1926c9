package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every client command: connection options, {@code --output table|json}, and the
 * error rule (one {@code error: ...} line on stderr and a non-zero exit, never a stack trace).
 */
public abstract class ClientCommand implements Callable<Integer> {
  /** How answers are printed. */
  public enum Format {
    table,
    json
  }

  @Mixin protected Connection connection;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default) or json.")
  protected Format output;

  @Spec protected CommandSpec spec;

  /** Runs the command; returns its exit code. */
  protected abstract int run(ApiClient client) throws Exception;

  @Override
  public final Integer call() {
    try {
      return run(new ApiClient(connection.resolve()));
    } catch (ClientException e) {
      err().println("error: " + e.getMessage());
      err().flush();
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err().println("error: interrupted");
      err().flush();
      return 130;
    } catch (Exception e) {
      // A bug or an unforeseen failure: still one line, never a stack trace.
      err().println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      err().flush();
      return 1;
    }
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code node} as indented JSON. */
  protected void printJson(JsonNode node) {
    try {
      out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ClientException("cannot print answer: " + e.getOriginalMessage());
    }
    out().flush();
  }
}
