package io.arco.flow.plan;

import java.util.Objects;

/**
 * The manifest's {@code git} object (api-contract §2.1); every field defaults to {@code ""} or
 * {@code false} when the request leaves it out.
 */
public record GitInfo(
    String repository,
    String branch,
    String commitSha,
    String commitMessage,
    String author,
    boolean dirty) {

  /** No git information. */
  public static final GitInfo EMPTY = new GitInfo("", "", "", "", "", false);

  public GitInfo {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commitSha, "commitSha");
    Objects.requireNonNull(commitMessage, "commitMessage");
    Objects.requireNonNull(author, "author");
  }
}
