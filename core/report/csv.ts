/**
 * Cells of the CSV as Excel in an Indonesian locale reads them, and formula injection kept out.
 * Excel opens a CSV with the system's list separator (`;` where the decimal separator is `,`, as
 * in id-ID) and reads UTF-8 only after a BOM; a `sep=` line would make it ignore the BOM, so the
 * file has none. Numbers use the decimal comma; dates are ISO (`2027-03-31`) and date-times
 * `2027-03-31 14:05` in the agency's zone, which Excel reads in any locale. A NIP is written as
 * the formula `="198609262015051001"`, the one formula the file holds, built only from 18 digits:
 * otherwise Excel turns it into 1,98609E+17 and loses its last digits. Every text cell that
 * starts like a formula (= + - @, tab, carriage return) gets a leading apostrophe.
 */
import { DateTime } from 'luxon';
import type { CellType, CellValue } from './columns.ts';

export const csvDelimiter = ';';
export const utf8Bom = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;

/** A text as a spreadsheet must show it, never evaluate it. */
export const neutralizeFormula = (text: string) => (formulaStart.test(text) ? `'${text}` : text);

/** An instant (or a local date) as the agency's local date or date-time. */
export function localDate(value: string, zone: string, withTime: boolean): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value).setZone(zone);
  if (!d.isValid) return neutralizeFormula(value);
  return d.toFormat(withTime ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd');
}

export function csvCell(type: CellType, value: CellValue, zone: string): string {
  if (value === null || value === '') return '';
  switch (type) {
    case 'nip':
      return /^\d{18}$/.test(String(value)) ? `="${value}"` : neutralizeFormula(String(value));
    case 'int':
      return typeof value === 'number' ? String(Math.round(value)) : neutralizeFormula(String(value));
    case 'decimal':
      return typeof value === 'number' ? String(value).replace('.', ',') : neutralizeFormula(String(value));
    case 'date':
    case 'datetime':
      return localDate(String(value), zone, type === 'datetime');
    default:
      return neutralizeFormula(String(value));
  }
}
