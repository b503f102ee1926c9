package io.arco.xtask.check;

import io.arco.xtask.repo.Repo;
import java.util.Objects;
import java.util.function.Function;

/** A check as the command line and {@code evidence} see it: its command name and how to run it. */
public record NamedCheck(String name, Function<Repo, CheckReport> check) {
  public NamedCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }

  public CheckReport run(Repo repo) {
    return check.apply(repo);
  }
}
