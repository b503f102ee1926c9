package io.arco.api.http;

import java.util.Locale;

/** Normalises tenant and workspace ids (api-contract §1.2, in order). */
public final class ScopeIds {
  private ScopeIds() {}

  public static String normalize(String field, String raw) {
    String v = raw.toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      throw ApiException.badRequest(field + " cannot be empty");
    }
    if (v.contains("/") || v.contains("\\")) {
      throw ApiException.badRequest(field + " cannot contain path separators");
    }
    if (v.contains("\r") || v.contains("\n") || v.contains("\0")) {
      throw ApiException.badRequest(field + " cannot contain control characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw ApiException.badRequest(
            field + " contains invalid characters (allowed: a-z, 0-9, '-', '_')");
      }
    }
    return v;
  }
}
