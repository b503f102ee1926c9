package io.arco.xtask.markdown;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A GFM table: the heading it sits under ({@code ""} before any heading), the line of its header
 * row, the header cells and the data rows.
 */
public record Table(String section, int line, List<String> header, List<Table.Row> rows) {
  public Table {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /** The index of the header cell equal to {@code name} (ignoring case and spacing), if any. */
  public Optional<Integer> column(String name) {
    for (int i = 0; i < header.size(); i++) {
      if (normalize(header.get(i)).equals(normalize(name))) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private static String normalize(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** A data row and the 1-based line it is on. */
  public record Row(int line, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }

    /** The cell at {@code index}, or an empty cell when the row is short. */
    public Cell cell(int index) {
      return index < cells.size() ? cells.get(index) : Cell.EMPTY;
    }
  }
}
