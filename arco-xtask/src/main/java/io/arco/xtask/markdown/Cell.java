package io.arco.xtask.markdown;

import java.util.List;

/** One table cell: its plain-text rendering (code spans without backticks) and its inlines. */
public record Cell(String text, List<Inline> inlines) {
  public static final Cell EMPTY = new Cell("", List.of());

  public Cell {
    text = text.strip();
    inlines = List.copyOf(inlines);
  }
}
