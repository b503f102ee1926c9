package io.arco.api.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.engine.LeasedTask;
import io.arco.flow.model.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTokensTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final byte[] SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret".getBytes(StandardCharsets.UTF_8);

  private static LeasedTask task() {
    return new LeasedTask(
        new Scope("t1", "w1"), "run1", "a.b", 1, "att1", "d1", "default-queue",
        Optional.of("a.b"), Optional.empty(), 30, Optional.empty(), Optional.empty());
  }

  @Test
  void aTokenThatVerifiedOnceIsRefusedAsExpiredWhenItsTimeIsUp() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    TaskTokens tokens = new TaskTokens(SECRET, clock, Duration.ofSeconds(3600));
    TaskTokens.Issued issued = tokens.issue(task());

    assertThat(tokens.verify(issued.token()).attemptId()).contains("att1");
    assertThat(tokens.verify(issued.token()).taskId()).isNotBlank();

    now.set(issued.expiresAt().plusSeconds(1));
    assertThatThrownBy(() -> tokens.verify(issued.token()))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessage("invalid token: expired");
  }

  @Test
  void aTokenThatVerifiedOnceIsRefusedBeforeItsStartWhenTheClockGoesBack() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    TaskTokens tokens = new TaskTokens(SECRET, clock, Duration.ofSeconds(3600));
    TaskTokens.Issued issued = tokens.issue(task());
    tokens.verify(issued.token());

    now.set(T0.minusSeconds(60));
    assertThatThrownBy(() -> tokens.verify(issued.token()))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessageStartingWith("invalid token: ");
  }

  @Test
  void aTokenThisServerIssuedReadsTheSameClaimsAsAFullVerificationGives() {
    InstantSource clock = () -> T0.plusMillis(750);
    TaskTokens issuer = new TaskTokens(SECRET, clock, Duration.ofSeconds(3600));
    TaskTokens another = new TaskTokens(SECRET, clock, Duration.ofSeconds(3600));
    TaskTokens.Issued issued = issuer.issue(task());

    assertThat(issuer.verify(issued.token())).isEqualTo(another.verify(issued.token()));
    assertThat(issuer.verify(issued.token()).runId()).contains("run1");
    assertThat(issuer.verify(issued.token()).attempt()).contains(1);
  }

  @Test
  void aTokenThisServerIssuedAndNeverSawBackIsRefusedAsExpiredWhenItsTimeIsUp() {
    AtomicReference<Instant> now = new AtomicReference<>(T0.plusMillis(750));
    TaskTokens tokens = new TaskTokens(SECRET, now::get, Duration.ofSeconds(3600));
    TaskTokens.Issued issued = tokens.issue(task());

    now.set(issued.expiresAt().plusSeconds(1));
    assertThatThrownBy(() -> tokens.verify(issued.token()))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessage("invalid token: expired");
    now.set(T0.minusSeconds(60));
    assertThatThrownBy(() -> tokens.verify(issued.token()))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessageStartingWith("invalid token: ");
  }

  @Test
  void anIssuedTokenWithOneCharacterChangedIsStillCheckedAndRefused() {
    TaskTokens tokens = new TaskTokens(SECRET, () -> T0, Duration.ofSeconds(3600));
    String token = tokens.issue(task()).token();
    int signature = token.lastIndexOf('.') + 1;
    char first = token.charAt(signature);
    String tampered =
        token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);

    assertThatThrownBy(() -> tokens.verify(tampered))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessage("invalid token: bad signature");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefusedEvenWithTheSameClaims() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    TaskTokens ours = new TaskTokens(SECRET, clock, Duration.ofSeconds(3600));
    TaskTokens theirs =
        new TaskTokens("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8), clock, Duration.ofSeconds(3600));
    ours.verify(ours.issue(task()).token());

    assertThatThrownBy(() -> ours.verify(theirs.issue(task()).token()))
        .isInstanceOf(TaskTokens.InvalidTaskToken.class)
        .hasMessage("invalid token: bad signature");
  }
}
