package io.arco.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.testing.RawHttp;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web UI's routes over HTTP: the root redirects to {@code /ui}, the page is never cached and
 * names its files by a content version, the files are cached for good with the right content
 * types, anything else under {@code /ui} and every unknown API route keep the standard 404.
 */
class UiRoutesHttpTest {
  private final TestServer server = TestServer.start();
  private final UiAssets assets = UiAssets.load();

  @AfterEach
  void stop() {
    server.close();
  }

  private Resp get(String path) {
    return server.send("GET", path, null, Map.of());
  }

  @Test
  void theRootRedirectsToTheUi() {
    Resp r = get("/");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.headers().firstValue("location")).contains("/ui");
  }

  @Test
  void thePageIsNotCachedAndNamesItsFilesByTheContentVersion() {
    Resp r = get("/ui");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(r.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'self'");
    assertThat(r.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(r.raw())
        .contains("/ui/" + assets.version() + "/app.js")
        .contains("/ui/" + assets.version() + "/app.css")
        .doesNotContain("{{version}}");
    assertThat(assets.version()).matches("[0-9a-f]{12}");
  }

  @Test
  void versionedFilesAreCachedForGoodWithTheirContentTypes() {
    String v = assets.version();
    Resp js = get("/ui/" + v + "/app.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
    assertThat(js.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
    assertThat(js.raw()).isEqualTo(new String(assets.file("app.js").orElseThrow(), StandardCharsets.UTF_8));
    Resp page = get("/ui/" + v + "/pages/run.js");
    assertThat(page.status()).isEqualTo(200);
    Resp css = get("/ui/" + v + "/app.css");
    assertThat(css.headers().firstValue("content-type").orElse("")).startsWith("text/css");
  }

  @Test
  void anotherVersionAnUnknownFileAndUnknownApiRoutesAreTheStandard404() {
    for (String path :
        List.of(
            "/ui/000000000000/app.js",
            "/ui/" + assets.version() + "/nope.js",
            "/ui/" + assets.version() + "/index.html",
            "/api/v1/nope",
            "/nope")) {
      Resp r = get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.code()).as(path).isEqualTo("NOT_FOUND");
      assertThat(r.message()).as(path).isEqualTo("route not found");
    }
  }

  @Test
  void devModeServesTheUiOnlyToLoopbackHosts() {
    Resp r = RawHttp.send(java.net.URI.create(server.baseUrl()).getPort(), "GET", "/ui", "evil.example", Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message()).isEqualTo("host not allowed in dev mode");
  }

  @Test
  void everyModuleTheUiImportsIsOneOfItsFiles() {
    Pattern imp = Pattern.compile("(?:import|from)\\s+['\"](\\.{1,2}/[^'\"]+)['\"]");
    List<String> missing = new ArrayList<>();
    for (String path : assets.paths()) {
      if (!path.endsWith(".js")) {
        continue;
      }
      Matcher m = imp.matcher(new String(assets.files().get(path), StandardCharsets.UTF_8));
      while (m.find()) {
        String target = java.net.URI.create("x:/" + path).resolve(m.group(1)).getPath().substring(1);
        if (!assets.files().containsKey(target)) {
          missing.add(path + " imports " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
    assertThat(assets.paths()).contains("index.html", "app.js", "app.css", "pages/run.js");
  }
}
