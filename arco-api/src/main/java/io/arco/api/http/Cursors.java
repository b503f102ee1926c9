package io.arco.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Opaque list cursors (api-contract §1.5): base64url-no-pad of {@code {"keys":[...]}}; a purely
 * numeric cursor is a legacy offset; time keys are RFC 3339 with 9 fractional digits. {@link
 * ListPage} pages a generic list with them.
 */
public final class Cursors {
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Pattern NANOS = Pattern.compile("-?\\d+");
  private static final DateTimeFormatter TIME_KEY =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

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

  /**
   * Decodes a cursor; 400 {@code invalid cursor} when it is neither an offset nor a key cursor. An
   * offset is an unsigned 64-bit integer; one beyond {@code Long.MAX_VALUE} is read as that value,
   * which is past the end of every list all the same.
   */
  public static Decoded decode(String cursor) {
    if (!cursor.isEmpty() && cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
      BigInteger offset = new BigInteger(cursor);
      if (offset.compareTo(U64_MAX) > 0) {
        throw ApiException.badRequest("invalid cursor");
      }
      return new Decoded(offset.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact(), List.of());
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

  /**
   * A cursor's time key: RFC 3339 in UTC with 9 fractional digits and {@code Z} (api-contract
   * §1.5, decisions §7.9), e.g. {@code 2026-01-01T00:00:00.000000000Z}.
   */
  public static String timeKey(Instant at) {
    return TIME_KEY.format(at);
  }

  /**
   * The instant of a cursor's time key: RFC 3339, or the decimal nanoseconds since the epoch that
   * evaluation and backfill cursors carried before (so cursors handed out then still resume); 400
   * {@code invalid cursor} otherwise.
   */
  public static Instant instant(String key) {
    try {
      if (NANOS.matcher(key).matches()) {
        BigInteger[] qr = new BigInteger(key).divideAndRemainder(BILLION);
        if (qr[1].signum() < 0) {
          qr[0] = qr[0].subtract(BigInteger.ONE);
          qr[1] = qr[1].add(BILLION);
        }
        return Instant.ofEpochSecond(qr[0].longValueExact(), qr[1].longValue());
      }
      return OffsetDateTime.parse(key).toInstant();
    } catch (ArithmeticException | DateTimeException e) {
      throw ApiException.badRequest("invalid cursor");
    }
  }
}
