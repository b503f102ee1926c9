package io.arco.api.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.HostPort;

/**
 * Dev mode's defence against DNS rebinding (decisions §7.3): a request is answered only when its
 * {@code Host} header names {@code localhost} or a loopback address literal ({@code 127.0.0.0/8},
 * {@code [::1]}), with any port. Names are never resolved: a rebinding attack uses exactly a name
 * that resolves to a loopback address.
 */
public final class LoopbackHosts {
  public static final String MESSAGE = "host not allowed in dev mode";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackHosts() {}

  /**
   * Refuses a request whose {@code Host} is not loopback: 403 {@code FORBIDDEN} in the standard
   * envelope, or {@code forbidden} in the callback envelope on the task router.
   */
  public static void require(Context ctx) {
    if (isLoopback(ctx.header("Host"))) {
      return;
    }
    throw ErrorMapper.forbidden(ctx, MESSAGE);
  }

  /** Whether a {@code Host} header value names a loopback host; a missing or malformed one does not. */
  public static boolean isLoopback(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String host;
    try {
      host = new HostPort(hostHeader.trim()).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255)
          && host.startsWith("127.");
    }
    if (!(host.startsWith("[") && host.endsWith("]"))) {
      return false;
    }
    try {
      // A bracketed IPv6 literal is parsed, never looked up.
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
