/** Small Markdown helpers: escaped table cells and tables. */

/**
 * Escapes inline text so it cannot start Markdown constructs: backslash, backtick, `*`, `<`,
 * brackets, and `_` where it could open emphasis (not inside words like `linger_ms`, which
 * GitHub-flavoured Markdown leaves alone). Line breaks become spaces.
 */
export function inline(text: string): string {
  return text
    .replace(/([\\`*<[\]])/g, '\\$1')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/\r?\n/g, ' ');
}

/** Escapes text for a table cell: as {@link inline}, plus pipes. */
export function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** A GitHub-flavoured Markdown table; cells are escaped. `align` per column: 'l' or 'r'. */
export function table(headers: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
