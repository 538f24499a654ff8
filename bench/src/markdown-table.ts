/** How a column's cells are aligned. */
export type Alignment = 'left' | 'right';

/**
 * A Markdown table with its columns padded to a common width, the way the repository's
 * formatter (Biome) writes tables, so a generated BENCHMARKS.md passes `biome ci` as it is.
 */
export function markdownTable(
  header: readonly string[],
  alignment: readonly Alignment[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((cell, column) =>
    Math.max(3, width(cell), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths
      .map((w, column) => {
        const cell = cells[column] ?? '';
        const padding = ' '.repeat(w - width(cell));
        return alignment[column] === 'right' ? padding + cell : cell + padding;
      })
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((w, column) => (alignment[column] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)))
    .join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

function width(text: string): number {
  return [...text].length;
}
