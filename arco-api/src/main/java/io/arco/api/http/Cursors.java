package io.arco.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Opaque list cursors (api-contract §1.5): base64url-no-pad of {@code {"keys":[...]}}; a purely
 * numeric cursor is a legacy offset.
 */
public final class Cursors {
  private Cursors() {}

  /** A decoded cursor: either an offset or the key tuple of the last item of the previous page. */
  public record Decoded(long offset, List<String> keys) {
    public boolean isOffset() {
      return keys.isEmpty();
    }
  }

  public static String encodeKeys(List<String> keys) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    var arr = n.putArray("keys");
    keys.forEach(arr::add);
    return encodeJson(n);
  }

  public static String encodeJson(JsonNode n) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.string(n).getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor; 400 {@code invalid cursor} when it is neither an offset nor a key cursor. */
  public static Decoded decode(String cursor) {
    if (!cursor.isEmpty() && cursor.chars().allMatch(Character::isDigit)) {
      try {
        return new Decoded(Long.parseLong(cursor), List.of());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid cursor");
      }
    }
    JsonNode n = decodeJson(cursor);
    JsonNode keys = n.get("keys");
    if (keys != null && keys.isArray() && !keys.isEmpty()) {
      List<String> out = new ArrayList<>();
      keys.forEach(k -> out.add(k.asText()));
      return new Decoded(0, out);
    }
    JsonNode key = n.get("key");
    if (key != null && key.isTextual()) {
      return new Decoded(0, List.of(key.asText()));
    }
    throw ApiException.badRequest("invalid cursor");
  }

  /** Decodes a base64url JSON object cursor; 400 {@code invalid cursor} otherwise. */
  public static JsonNode decodeJson(String cursor) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(cursor);
      JsonNode n = Json.MAPPER.readTree(raw);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("invalid cursor");
      }
      return n;
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw ApiException.badRequest("invalid cursor");
    }
  }

  /**
   * Parses {@code limit} (default {@code dflt}). A value that is not an unsigned 32-bit integer
   * (the contract's {@code u32}: no sign, at most 4294967295) is 400 {@code invalid query parameter
   * 'limit'} (decisions §6.1); a {@code u32} outside 1..200 is 400 {@code limit must be between 1
   * and 200}.
   */
  public static int limit(String raw, int dflt) {
    if (raw == null) {
      return dflt;
    }
    long v;
    try {
      v = raw.startsWith("-") ? -1 : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw ApiException.badRequest("invalid query parameter 'limit'");
    }
    if (v < 1 || v > 200) {
      throw ApiException.badRequest("limit must be between 1 and 200");
    }
    return (int) v;
  }

  private static final java.math.BigInteger BILLION = java.math.BigInteger.valueOf(1_000_000_000L);

  /** An instant as the decimal count of nanoseconds since the epoch (a cursor's time key). */
  public static String nanos(java.time.Instant at) {
    return java.math.BigInteger.valueOf(at.getEpochSecond())
        .multiply(BILLION)
        .add(java.math.BigInteger.valueOf(at.getNano()))
        .toString();
  }

  /** The instant of a cursor's nanosecond key; 400 {@code invalid cursor} when it is not one. */
  public static java.time.Instant fromNanos(String raw) {
    try {
      java.math.BigInteger[] qr = new java.math.BigInteger(raw).divideAndRemainder(BILLION);
      if (qr[1].signum() < 0) {
        qr[0] = qr[0].subtract(java.math.BigInteger.ONE);
        qr[1] = qr[1].add(BILLION);
      }
      return java.time.Instant.ofEpochSecond(qr[0].longValueExact(), qr[1].longValue());
    } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
      throw ApiException.badRequest("invalid cursor");
    }
  }

  /**
   * The key tuple of an optional key cursor that must have exactly {@code size} keys; 400 {@code
   * invalid cursor} for an offset cursor or another size.
   */
  public static Optional<List<String>> keys(Optional<String> cursor, int size) {
    if (cursor.isEmpty()) {
      return Optional.empty();
    }
    Decoded d = decode(cursor.get());
    if (d.isOffset() || d.keys().size() != size) {
      throw ApiException.badRequest("invalid cursor");
    }
    return Optional.of(d.keys());
  }

  /** A {@code [timeNanos, id]} cursor: the time key and the id key. */
  public record TimeKey(java.time.Instant at, String id) {}

  /** Decodes an optional {@code [timeNanos, id]} cursor. */
  public static Optional<TimeKey> timeKey(Optional<String> cursor) {
    return keys(cursor, 2).map(k -> new TimeKey(fromNanos(k.get(0)), k.get(1)));
  }
}
