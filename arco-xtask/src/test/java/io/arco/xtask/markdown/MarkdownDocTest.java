package io.arco.xtask.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown tables read through commonmark with source lines. */
class MarkdownDocTest {
  private static List<String> cellTexts(Table.Row row) {
    return row.cells().stream().map(Cell::text).toList();
  }

  @Test
  void escapedPipeStaysInsideItsCell() {
    MarkdownDoc doc = MarkdownDoc.parse("| A | B | C |\n|---|---|---|\n| a \\| b | `x \\| y` | c |\n");

    Table table = doc.tables().get(0);
    assertThat(cellTexts(table.rows().get(0))).containsExactly("a | b", "x | y", "c");
    assertThat(doc.unescapedPipeLines()).isEmpty();
  }

  @Test
  void pipeInsideBackticksStaysInsideItsCellAndIsReported() {
    MarkdownDoc doc =
        MarkdownDoc.parse("# S\n\n| A | B | C |\n|---|---|---|\n| `x | y` | ``a|`b`` | c |\n");

    Table table = doc.tables().get(0);
    assertThat(table.section()).isEqualTo("S");
    assertThat(table.line()).isEqualTo(3);
    assertThat(table.rows().get(0).line()).isEqualTo(5);
    assertThat(cellTexts(table.rows().get(0))).containsExactly("x | y", "a|`b", "c");
    assertThat(doc.unescapedPipeLines()).containsExactly(5);
  }

  @Test
  void fencedCodeIsLeftAlone() {
    String markdown = "```\n| `a | b` |\n```\n";

    MarkdownDoc doc = MarkdownDoc.parse(markdown);

    assertThat(doc.tables()).isEmpty();
    assertThat(doc.unescapedPipeLines()).isEmpty();
  }

  @Test
  void cellInlinesKeepCodeSpansLinksAndText() {
    MarkdownDoc doc =
        MarkdownDoc.parse("| A |\n|---|\n| **see** `docs/x.md` (`sym`) [l](y.md) |\n");

    List<Inline> inlines = doc.tables().get(0).rows().get(0).cell(0).inlines();
    assertThat(inlines)
        .containsExactly(
            new Inline.Plain("see "),
            new Inline.CodeSpan("docs/x.md", 3),
            new Inline.Plain(" ("),
            new Inline.CodeSpan("sym", 3),
            new Inline.Plain(") "),
            new Inline.LinkTarget("y.md", 3),
            new Inline.Plain("l"));
  }

  @Test
  void headingsLinksAndCodeSpansCarryTheirLines() {
    MarkdownDoc doc = MarkdownDoc.parse("# Title\n\ntext `a/b`\n\n## Part [x](y.md)\n");

    assertThat(doc.headings())
        .containsExactly(new MarkdownDoc.HeadingRef(1, "Title", 1), new MarkdownDoc.HeadingRef(2, "Part x", 5));
    assertThat(doc.links()).containsExactly(new MarkdownDoc.LinkRef("y.md", 5));
    assertThat(doc.codeSpans()).containsExactly(new MarkdownDoc.CodeRef("a/b", 3));
  }
}
