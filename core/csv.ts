/**
 * Text into CSV (and XLSX) exports, safe to open in a spreadsheet. Imported cells are stored as
 * sent, so a name like `=HYPERLINK(...)` or `+cmd|...` is data; what must never happen is that a
 * spreadsheet opening an export runs it. A cell whose text starts (after blanks) with `=`, `+`,
 * `-` or `@`, or with a tab or carriage return, gets a leading apostrophe (OWASP's advice), and
 * every cell is quoted per RFC 4180 where needed. Numbers are numbers: `-12.5` stays as it is.
 */

export type CellValue = string | number | boolean | null | undefined;

/** Whether a spreadsheet would read this text as the start of a formula. */
export const isFormulaLike = (text: string): boolean => /^[\t\r]|^[ \u00a0]*[=+\-@]/.test(text);

/** One CSV cell: neutralised when it could be a formula, quoted when it must be. */
export function csvSafe(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = isFormulaLike(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without its line break). */
export const csvRow = (cells: readonly CellValue[]): string => cells.map(csvSafe).join(',');
