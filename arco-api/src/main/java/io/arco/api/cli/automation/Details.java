package io.arco.api.cli.automation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One object printed as aligned {@code label  value} lines, the table form of a single answer
 * ({@code backfill get}, {@code schedules get}, ...).
 */
final class Details {
  private final List<String[]> lines = new ArrayList<>();

  Details add(String label, String value) {
    lines.add(new String[] {label, value});
    return this;
  }

  void print(PrintWriter out) {
    int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
    for (String[] l : lines) {
      out.println(l[0] + " ".repeat(width - l[0].length()) + "  " + l[1]);
    }
    out.flush();
  }
}
