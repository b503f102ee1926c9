package io.arco.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer.Resp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@code java.net.http} will not build: a {@code Host}
 * header of the test's choosing (or none at all, with HTTP/1.0).
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code method path} to {@code 127.0.0.1:port} with the given {@code Host} (none when
   * {@code host} is null, as HTTP/1.0) and headers, and reads the whole answer.
   */
  public static Resp send(int port, String method, String path, String host, Map<String, String> headers) {
    StringBuilder req = new StringBuilder();
    req.append(method).append(' ').append(path).append(host == null ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
    if (host != null) {
      req.append("Host: ").append(host).append("\r\n");
    }
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // Latin-1 keeps one char per byte, so chunk sizes count chars; the body is UTF-8 again below.
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      int status = Integer.parseInt(head.substring(9, 12));
      Map<String, List<String>> hs = new LinkedHashMap<>();
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          hs.put(line.substring(0, colon).toLowerCase(Locale.ROOT), List.of(line.substring(colon + 1).trim()));
        }
      }
      String raw =
          new String(
              decode(text.substring(split + 4), hs).getBytes(StandardCharsets.ISO_8859_1),
              StandardCharsets.UTF_8);
      JsonNode body;
      try {
        body = raw.isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(raw);
      } catch (IOException e) {
        body = Json.MAPPER.getNodeFactory().textNode(raw);
      }
      return new Resp(status, HttpHeaders.of(hs, (a, b) -> true), body, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body without chunked transfer framing. */
  private static String decode(String body, Map<String, List<String>> headers) {
    if (!headers.getOrDefault("transfer-encoding", List.of("")).get(0).equalsIgnoreCase("chunked")) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }
}
