package io.arco.api.localworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {
  @TempDir Path dir;

  private Process shellWithAChild() throws Exception {
    Process p =
        new ProcessBuilder("sh", "-c", "sleep 30; touch finished").directory(dir.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (p.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(p.descendants().toList()).as("the shell's sleep").hasSize(1);
    return p;
  }

  @Test
  void terminatingStopsTheCommandAndItsChildBeforeTheCommandReachesItsNextStep() throws Exception {
    Process p = shellWithAChild();

    List<ProcessHandle> tree = ProcessTree.signal(p, false);

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tree).hasSize(1);
    assertThat(tree.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    Thread.sleep(200);
    assertThat(dir.resolve("finished")).doesNotExist();
  }

  @Test
  void killingStopsTheCommandAndItsChildToo() throws Exception {
    Process p = shellWithAChild();

    List<ProcessHandle> tree = ProcessTree.signal(p, true);

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tree.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    Thread.sleep(200);
    assertThat(Files.exists(dir.resolve("finished"))).isFalse();
  }
}
