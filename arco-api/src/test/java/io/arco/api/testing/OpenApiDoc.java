package io.arco.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The served OpenAPI document as a test oracle: its operations, {@code $ref} resolution, matching
 * a concrete request path to its documented template, and a small schema check of live answers.
 *
 * <p>The check covers the keywords the document uses ({@code $ref}, {@code type}, {@code
 * properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code enum}, {@code
 * const}, {@code oneOf}, {@code anyOf}, {@code format: date-time}) and is <em>strict</em> about
 * objects: a field that a schema with {@code properties} does not list, and that no {@code
 * additionalProperties} admits, is reported as undocumented, so a field added to a writer without
 * the document fails the test.
 */
public final class OpenApiDoc {
  /** HTTP methods an OpenAPI path item can hold. */
  public static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode root;

  /** One documented operation: upper-case method, path template and its operation object. */
  public record Operation(String method, String path, JsonNode node) {
    public String id() {
      return node.path("operationId").asText();
    }

    /** The route key {@code "METHOD /path"}. */
    public String route() {
      return method + " " + path;
    }

    @Override
    public String toString() {
      return route() + " (" + id() + ")";
    }
  }

  private OpenApiDoc(JsonNode root) {
    this.root = root;
  }

  public static OpenApiDoc parse(String json) {
    try {
      return new OpenApiDoc(Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new AssertionError("the OpenAPI document does not parse: " + e.getMessage(), e);
    }
  }

  public JsonNode root() {
    return root;
  }

  /** Every operation, in document order. */
  public List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : root.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
        if (METHODS.contains(m.getKey())) {
          out.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), m.getValue()));
        }
      }
    }
    return out;
  }

  public Operation operation(String method, String template) {
    return operations().stream()
        .filter(o -> o.method().equals(method) && o.path().equals(template))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not documented: " + method + " " + template));
  }

  /**
   * The operation a concrete request ({@code /api/v1/workspaces/w1/runs/01J...}) is routed to: the
   * matching template with the fewest {@code {param}} segments, as static segments win in Javalin.
   */
  public Optional<Operation> match(String method, String concretePath) {
    String path = concretePath.contains("?") ? concretePath.substring(0, concretePath.indexOf('?')) : concretePath;
    return operations().stream()
        .filter(o -> o.method().equals(method))
        .filter(o -> templatePattern(o.path()).matcher(path).matches())
        .min(Comparator.comparingLong(o -> o.path().chars().filter(c -> c == '{').count()));
  }

  private static Pattern templatePattern(String template) {
    StringBuilder b = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      b.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(b.toString());
  }

  /** Follows {@code $ref}s (local ones only) to the node they name. */
  public JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int hops = 0; n.has("$ref"); hops++) {
      if (hops > 20) {
        throw new AssertionError("$ref loop at " + node);
      }
      n = pointer(n.get("$ref").asText());
    }
    return n;
  }

  /** The node a local reference {@code #/a/b} names; an assertion error when it names nothing. */
  public JsonNode pointer(String ref) {
    if (!ref.startsWith("#/")) {
      throw new AssertionError("not a local reference: " + ref);
    }
    JsonNode n = root.at(ref.substring(1));
    if (n.isMissingNode()) {
      throw new AssertionError("dangling reference: " + ref);
    }
    return n;
  }

  /** Every {@code $ref} value in the document. */
  public List<String> refs() {
    List<String> out = new ArrayList<>();
    collectRefs(root, out);
    return out;
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      JsonNode r = n.get("$ref");
      if (r != null && r.isTextual()) {
        out.add(r.asText());
      }
    }
    n.forEach(c -> collectRefs(c, out));
  }

  /** The documented response of an operation for a status, or empty when that status is not listed. */
  public Optional<JsonNode> response(Operation op, int status) {
    return Optional.ofNullable(op.node().path("responses").get(Integer.toString(status))).map(this::resolve);
  }

  /**
   * Problems of a live answer against the operation: an undocumented status (a {@code default}
   * response does not count), a media type other than the documented one, or a JSON body that does
   * not match the documented schema.
   */
  public List<String> checkAnswer(Operation op, int status, String contentType, String body) {
    List<String> out = new ArrayList<>();
    Optional<JsonNode> response = response(op, status);
    if (response.isEmpty()) {
      out.add(op + " answered undocumented status " + status + ": " + body);
      return out;
    }
    JsonNode content = response.get().path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return out;
    }
    String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    JsonNode type = content.get(media);
    if (type == null) {
      out.add(op + " " + status + " answered " + media + ", documented " + fieldNames(content));
      return out;
    }
    if (media.equals("application/json")) {
      JsonNode value;
      try {
        value = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        out.add(op + " " + status + " answered malformed JSON: " + body);
        return out;
      }
      check(value, type.path("schema"), op.id() + "[" + status + "]", out);
    }
    return out;
  }

  /** Problems of {@code value} against {@code schema}, each prefixed with its JSON path. */
  public List<String> check(JsonNode value, JsonNode schema, String at) {
    List<String> out = new ArrayList<>();
    check(value, schema, at, out);
    return out;
  }

  private void check(JsonNode v, JsonNode schema, String at, List<String> out) {
    if (schema.has("$ref")) {
      check(v, resolve(schema), at, out);
      return;
    }
    if (schema.has("oneOf") || schema.has("anyOf")) {
      boolean one = schema.has("oneOf");
      JsonNode alternatives = schema.get(one ? "oneOf" : "anyOf");
      int matches = 0;
      List<String> why = new ArrayList<>();
      for (JsonNode alt : alternatives) {
        List<String> p = new ArrayList<>();
        check(v, alt, at, p);
        if (p.isEmpty()) {
          matches++;
        } else {
          why.add(String.join("; ", p));
        }
      }
      if (one ? matches != 1 : matches == 0) {
        out.add(at + ": matches " + matches + " alternatives of " + (one ? "oneOf" : "anyOf") + " " + why);
      }
      return;
    }
    if (schema.has("type")) {
      JsonNode t = schema.get("type");
      List<String> types = new ArrayList<>();
      if (t.isArray()) {
        t.forEach(x -> types.add(x.asText()));
      } else {
        types.add(t.asText());
      }
      if (types.stream().noneMatch(x -> is(v, x))) {
        out.add(at + ": expected " + types + ", was " + v.getNodeType() + " " + v);
        return;
      }
    }
    if (schema.has("const") && !schema.get("const").equals(v)) {
      out.add(at + ": expected " + schema.get("const") + ", was " + v);
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(v);
      }
      if (!found) {
        out.add(at + ": " + v + " is not one of " + schema.get("enum"));
      }
    }
    if ("date-time".equals(schema.path("format").asText()) && v.isTextual()) {
      try {
        Instant.parse(v.asText());
        if (!v.asText().endsWith("Z")) {
          out.add(at + ": timestamp without Z: " + v);
        }
      } catch (DateTimeParseException e) {
        out.add(at + ": not an RFC 3339 timestamp: " + v);
      }
    }
    if (v.isObject()) {
      JsonNode props = schema.get("properties");
      for (JsonNode r : schema.path("required")) {
        if (!v.has(r.asText())) {
          out.add(at + ": missing required field '" + r.asText() + "' in " + v);
        }
      }
      JsonNode extra = schema.get("additionalProperties");
      for (Map.Entry<String, JsonNode> f : v.properties()) {
        String path = at + "." + f.getKey();
        if (props != null && props.has(f.getKey())) {
          check(f.getValue(), props.get(f.getKey()), path, out);
        } else if (extra != null && extra.isObject()) {
          check(f.getValue(), extra, path, out);
        } else if (extra != null && extra.asBoolean()) {
          continue;
        } else if (props != null) {
          out.add(path + ": undocumented field (value " + f.getValue() + ")");
        }
      }
    }
    if (v.isArray() && schema.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        check(v.get(i), schema.get("items"), at + "[" + i + "]", out);
      }
    }
  }

  private static boolean is(JsonNode v, String type) {
    return switch (type) {
      case "null" -> v.isNull();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      default -> throw new AssertionError("unknown schema type " + type);
    };
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
