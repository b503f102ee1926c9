package io.arco.xtask.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository view: root discovery, modules and repo paths. */
class RepoTest {
  @TempDir Path temp;

  @Test
  void rootIsFoundFromAnyDirectoryBelowIt() {
    Fixture fixture = Fixture.copy("good", temp);

    Path found = Repo.findRoot(fixture.root().resolve("arco-flow/src/main/java"));

    assertThat(found).isEqualTo(fixture.root().toAbsolutePath().normalize());
  }

  @Test
  void modulesComeFromTheRootPom() {
    Repo repo = Fixture.copy("good", temp).repo();

    assertThat(repo.modules())
        .containsExactly(new Module("arco-flow", "arco-flow"), new Module("arco-api", "arco-api"));
    assertThat(repo.moduleOf("arco-api/src/test/java/io/arco/api/run/RunApiTest.java"))
        .contains(new Module("arco-api", "arco-api"));
  }

  @Test
  void repoPathsStartWithAModuleDocsOrGithub() {
    Repo repo = Fixture.copy("good", temp).repo();

    assertThat(repo.isRepoPath("arco-flow/src/main/java/X.java")).isTrue();
    assertThat(repo.isRepoPath("docs/adr/README.md")).isTrue();
    assertThat(repo.isRepoPath(".github/workflows/ci.yml")).isTrue();
    assertThat(repo.isRepoPath("mvn -B -pl arco-flow verify")).isFalse();
    assertThat(repo.isRepoPath("arco-flowx/a")).isFalse();
    assertThat(repo.exists("../outside")).isFalse();
  }
}
