package io.arco.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request body read as a JSON object, with typed accessors that answer 422 {@code invalid field
 * '{path}': {reason}} for a missing or mistyped field (decisions §6.1). Unknown fields are ignored.
 * Every integer of every route is read here: a number out of its type's range is 400 {@code {field}
 * must be <= {max}}, never clamped (decisions §7.6).
 */
public final class JsonBody {
  public static final int DEFAULT_LIMIT = 2 * 1024 * 1024;
  public static final int LARGE_LIMIT = 10 * 1024 * 1024;
  private static final long U32_MAX = 0xFFFF_FFFFL;

  private static final ObjectReader STRICT =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ObjectNode root;

  private JsonBody(ObjectNode root) {
    this.root = root;
  }

  /**
   * Reads the body: 415 without {@code Content-Type: application/json}, 413 over {@code limit}
   * bytes, 400 for malformed JSON, 422 when it is not an object.
   */
  public static JsonBody read(Context ctx, int limit) {
    if (!isJson(ctx.contentType())) {
      throw new ApiException(ErrorMapper.unsupportedMediaType("Content-Type must be application/json"));
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > limit) {
      throw new ApiException(ErrorMapper.payloadTooLarge("request body exceeds " + limit + " bytes"));
    }
    return parse(bytes);
  }

  /**
   * Whether a {@code Content-Type} names JSON: the media type (parameters such as {@code charset}
   * ignored, case-insensitive) is {@code application/json} or {@code application/*+json}, the
   * reference's rule. {@code application/jsonp} and the like are not JSON.
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String media =
        (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }

  /**
   * Parses raw bytes (400 when malformed, including content after the JSON value, as the
   * reference's parser; 422 when not an object).
   */
  public static JsonBody parse(byte[] bytes) {
    JsonNode node;
    try {
      node = STRICT.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON body");
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("malformed JSON body");
    }
    if (node == null || node.isMissingNode()) {
      throw ApiException.badRequest("malformed JSON body");
    }
    if (!node.isObject()) {
      throw ApiException.unprocessable("$", "expected a JSON object");
    }
    return new JsonBody((ObjectNode) node);
  }

  public ObjectNode node() {
    return root;
  }

  private JsonNode present(String name) {
    JsonNode v = root.get(name);
    return v == null || v.isNull() ? null : v;
  }

  public String requiredString(String name) {
    return optionalString(name).orElseThrow(() -> ApiException.unprocessable(name, "missing field"));
  }

  public Optional<String> optionalString(String name) {
    JsonNode v = present(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiException.unprocessable(name, "expected a string");
    }
    return Optional.of(v.asText());
  }

  public boolean bool(String name, boolean dflt) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw ApiException.unprocessable(name, "expected a boolean");
    }
    return v.asBoolean();
  }

  /** A signed 64-bit integer field (i64). */
  public Optional<Long> optionalLong(String name) {
    return Optional.ofNullable(present(name)).map(v -> integer(v, name));
  }

  public long requiredLong(String name) {
    return optionalLong(name).orElseThrow(() -> ApiException.unprocessable(name, "missing field"));
  }

  /**
   * An unsigned 32-bit integer field (the contract's u32): a negative value is a type error (422
   * {@code expected an unsigned 32-bit integer}), one above 4294967295 is out of range (400).
   */
  public Optional<Long> optionalU32(String name) {
    return Optional.ofNullable(present(name)).map(v -> unsigned(v, name, U32_MAX));
  }

  public long requiredU32(String name) {
    return optionalU32(name).orElseThrow(() -> ApiException.unprocessable(name, "missing field"));
  }

  /**
   * A task attempt: a u32 in the contract that Arco holds as an {@code int}, so above 2147483647 it
   * is out of range (400 {@code attempt must be <= 2147483647}); 0 is left to the handler's check.
   */
  public int requiredAttempt(String name) {
    JsonNode v = present(name);
    if (v == null) {
      throw ApiException.unprocessable(name, "missing field");
    }
    return (int) unsigned(v, name, Integer.MAX_VALUE);
  }

  /**
   * The value of an integer field as an i64 (decisions §7.6): 422 {@code expected an integer} when
   * it is not an integral JSON number, 400 {@code {path} must be <= 9223372036854775807} (or {@code
   * >= -9223372036854775808}) beyond the {@code long} range; never a clamped value.
   */
  public static long integer(JsonNode v, String path) {
    if (!v.isIntegralNumber()) {
      throw ApiException.unprocessable(path, "expected an integer");
    }
    return inRange(v, path, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static long unsigned(JsonNode v, String path, long max) {
    if (!v.isIntegralNumber()) {
      throw ApiException.unprocessable(path, "expected an integer");
    }
    if (v.bigIntegerValue().signum() < 0) {
      throw ApiException.unprocessable(path, "expected an unsigned 32-bit integer");
    }
    return inRange(v, path, 0, max);
  }

  private static long inRange(JsonNode v, String path, long min, long max) {
    BigInteger value = v.bigIntegerValue();
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw ApiException.outOfRange(path, "must be <= " + max);
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0) {
      throw ApiException.outOfRange(path, "must be >= " + min);
    }
    return value.longValueExact();
  }

  public List<String> stringList(String name) {
    JsonNode v = present(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.unprocessable(name, "expected an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        throw ApiException.unprocessable(name + "[" + i + "]", "expected a string");
      }
      out.add(item.asText());
    }
    return out;
  }

  public Map<String, String> stringMap(String name) {
    JsonNode v = present(name);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiException.unprocessable(name, "expected an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var f : v.properties()) {
      if (!f.getValue().isTextual()) {
        throw ApiException.unprocessable(name + "." + f.getKey(), "expected a string");
      }
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  public Optional<JsonNode> optionalObject(String name) {
    JsonNode v = present(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw ApiException.unprocessable(name, "expected an object");
    }
    return Optional.of(v);
  }

  public Optional<JsonNode> raw(String name) {
    return Optional.ofNullable(present(name));
  }

  /** A nested object as a body (for typed access with prefixed paths). */
  public static JsonBody of(JsonNode node) {
    return new JsonBody((ObjectNode) node);
  }
}
