package io.arco.xtask.markdown;

/**
 * A flattened piece of a table cell, in reading order: plain text, a code span (the backticked
 * text, without its backticks) or the destination of a link or image. Emphasis is flattened away;
 * a link's text follows its {@link LinkTarget}.
 */
public sealed interface Inline {
  /** Plain text (line breaks become spaces). */
  record Plain(String text) implements Inline {}

  /** A code span's literal and its 1-based source line. */
  record CodeSpan(String literal, int line) implements Inline {}

  /** A link or image destination and its 1-based source line. */
  record LinkTarget(String destination, int line) implements Inline {}
}
