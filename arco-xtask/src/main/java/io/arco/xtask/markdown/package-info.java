/**
 * Markdown read with commonmark and its GFM tables extension, with source lines kept: {@link
 * io.arco.xtask.markdown.MarkdownDoc} gives the tables, headings, links and code spans a check
 * looks at, so a pipe in a code span never shifts a column.
 */
package io.arco.xtask.markdown;
