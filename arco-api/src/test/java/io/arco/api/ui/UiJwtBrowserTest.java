package io.arco.api.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.testing.Fixtures;
import io.arco.api.testing.TestServer;
import io.arco.flow.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The web UI against a server in JWT mode: the first refused request opens the connection dialog,
 * the token pasted there is used for every request (its workspace claim picks the workspace) and
 * is kept in the tab's sessionStorage only.
 */
class UiJwtBrowserTest {
  private static final byte[] SECRET = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);
  private TestServer server;
  private Browser browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void inJwtModeTheUiAsksForATokenOnceAndKeepsItInTheTabOnly() {
    assumeTrue(Browser.available(), Browser.unavailableReason());
    server = TestServer.start(
        new InMemoryEventStore(), ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(SECRET), Optional.empty())));
    String token =
        JWT.create()
            .withClaim("tenant", "t1")
            .withClaim("workspace", "w1")
            .withSubject("ui-user")
            .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
            .sign(Algorithm.HMAC256(SECRET));
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    assertThat(server.post(server.ws() + "/manifests", Fixtures.manifest(Fixtures.asset("s.a")), auth).status()).isEqualTo(201);
    String runId = server.post(server.ws() + "/runs", Fixtures.trigger("s.a"), auth).body().get("runId").asText();

    browser = new Browser(1280, 900);
    browser.driver().get(server.baseUrl() + "/ui#/runs");
    browser.await(d -> d.findElement(By.cssSelector("#conn-dialog")).getAttribute("open") != null);
    assertThat(browser.driver().findElement(By.cssSelector("#conn-message")).getText()).contains("MISSING_AUTH");
    browser.driver().findElement(By.cssSelector("#conn-form textarea[name=token]")).sendKeys(token);
    browser.driver().findElement(By.cssSelector("#conn-form button[value=save]")).click();
    browser.await(d -> d.findElements(By.cssSelector("#runs-list a[href='#/runs/" + runId + "']")).size() == 1);

    assertThat(browser.js("return sessionStorage.getItem('arco.token')")).isEqualTo(token);
    assertThat(browser.js("return Object.keys(localStorage).map(k => localStorage.getItem(k)).join(' ')").toString())
        .doesNotContain(token);
    assertThat(browser.js("return localStorage.getItem('arco.workspace')")).isEqualTo("w1");
    // A reload in the same tab keeps the token: no dialog, the run page loads.
    browser.driver().get(server.baseUrl() + "/ui#/runs/" + runId);
    browser.await(d -> d.findElements(By.cssSelector("#task-graph g.node")).size() == 1);
    assertThat(browser.driver().findElement(By.cssSelector("#conn-dialog")).getAttribute("open")).isNull();
    assertThat(List.of(browser.driver().findElement(By.cssSelector("#conn-button")).getText())).containsExactly("token · w1");
  }
}
