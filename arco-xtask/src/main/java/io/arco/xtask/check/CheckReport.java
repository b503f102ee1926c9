package io.arco.xtask.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one check: every finding it collected and, when there are none, the one line it
 * prints on success. A check never stops at its first finding, so one run lists everything to fix.
 */
public record CheckReport(String check, List<Finding> findings, String successLine) {
  public CheckReport {
    Objects.requireNonNull(check, "check");
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Finding.BY_LOCATION);
    findings = List.copyOf(sorted);
    Objects.requireNonNull(successLine, "successLine");
  }

  public boolean ok() {
    return findings.isEmpty();
  }

  /** The last line printed on failure: {@code <check> failed with N error(s)}. */
  public String failureLine() {
    return check + " failed with " + findings.size() + " error(s)";
  }

  /**
   * Prints the report the way every check reports: one {@code path:line: message} line per finding
   * and the failure line on {@code err}, or the success line on {@code out}.
   *
   * @return the process exit status: 0 when the check passed, 1 otherwise
   */
  public int print(PrintWriter out, PrintWriter err) {
    if (ok()) {
      out.println(successLine);
      out.flush();
      return 0;
    }
    for (Finding finding : findings) {
      err.println(finding.render());
    }
    err.println(failureLine());
    err.flush();
    return 1;
  }
}
