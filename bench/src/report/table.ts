/** One table of the report, rendered as Markdown for the terminal and the file alike. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table: how it was measured, what to read from it. */
  notes?: string[];
}

export function renderTable(table: Table): string {
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${widths.map((width, index) => (cells[index] ?? '').padEnd(width)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;

  const parts = [`### ${table.title}`, '', line(table.columns), rule, ...table.rows.map(line)];
  if (table.notes && table.notes.length > 0) {
    parts.push('', ...table.notes.map((note) => `- ${note}`));
  }

  return parts.join('\n');
}
