/**
 * What Excel makes of an employee list, undone before the rows are validated (pure functions):
 *  - the text encoding: UTF-8 (with or without a BOM), UTF-16 ("Unicode text"), or Windows-1252
 *    (what "CSV (Comma delimited)" writes on an Indonesian or English Windows), detected from the
 *    bytes unless the sender names a charset;
 *  - the separator: `,` or `;` (Excel in an Indonesian locale, where `,` is the decimal mark) or a
 *    tab, told apart by the header row;
 *  - header names in another case or with spaces (`NIP`, ` Nama `);
 *  - a NIP typed with spaces (`19920304 201903 2 005`), dots, dashes or Excel's text mark (`'`),
 *    and a NIP that Excel turned into a number (`1.99203E+17`): its last digits are lost, so it
 *    is refused with the way to fix the file, never guessed.
 */

export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'WINDOWS-1252';

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** A ZIP archive (an XLSX workbook is one). */
export const isZip = (bytes: Uint8Array) => startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);

/**
 * What a ZIP archive would inflate to, read from its central directory without inflating
 * anything: the sum of its entries' uncompressed sizes, or `Infinity` when the directory cannot
 * be read or an entry needs ZIP64 (4 GB and more). A small upload may inflate to gigabytes; an
 * importer checks this before handing the archive to a spreadsheet reader.
 */
export function zipInflatedSize(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes, then a comment of up to 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return Number.POSITIVE_INFINITY;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return Number.POSITIVE_INFINITY;
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

const latin = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'latin1', 'us-ascii', 'ascii']);

/**
 * Text from the bytes of a file. `charset`: what the sender declared (Content-Type), if anything;
 * a Latin charset is read as Windows-1252 (as browsers do). Otherwise: a BOM decides, then valid
 * UTF-8 is UTF-8, and anything else is Windows-1252 (every byte means a character there).
 */
export function decodeText(bytes: Uint8Array, charset?: string): { text: string; encoding: TextEncoding } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf))
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (startsWith(bytes, 0xff, 0xfe))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (startsWith(bytes, 0xfe, 0xff))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const declared = charset?.trim().toLowerCase();
  if (declared && latin.has(declared))
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'WINDOWS-1252' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'WINDOWS-1252' };
  }
}

export type Separator = ',' | ';' | '\t';

/** Splits one line on `sep`, outside double quotes (enough for a header row). */
function cells(line: string, sep: Separator): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/**
 * The separator of a CSV file, from its first non-empty line: the one that splits it into the
 * most known column names; failing that, the most frequent; `,` when nothing tells.
 */
export function detectSeparator(text: string, known: readonly string[]): Separator {
  const header = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const names = new Set(known.map(headerKey));
  let best: { sep: Separator; score: number; count: number } = { sep: ',', score: 0, count: 0 };
  for (const sep of [',', ';', '\t'] as const) {
    const split = cells(header, sep);
    const score = split.filter((c) => names.has(headerKey(c))).length;
    const count = split.length - 1;
    if (score > best.score || (score === best.score && count > best.count)) best = { sep, score, count };
  }
  return best.sep;
}

/** How a header cell is compared with a column name: case, spaces and `_` ignored. */
export const headerKey = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .replace(/[\s_]+/g, '')
    .toLowerCase();

/** Header cells -> the column names they stand for (unknown ones kept as written, trimmed). */
export function canonicalHeader(header: readonly string[], known: readonly string[]): string[] {
  const byKey = new Map(known.map((k) => [headerKey(k), k]));
  return header.map((h) => byKey.get(headerKey(h)) ?? h.trim());
}

/** `1.99203E+17`, `1,99203E+17`, `1.99E17`: a number Excel shows in scientific notation. */
const scientific = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;

export type NipCell = { ok: true; nip: string } | { ok: false; code: 'NIP_SCIENTIFIC'; value: string };

/**
 * A NIP as typed in a spreadsheet -> its digits: spaces (also non-breaking ones), dots, dashes
 * and a leading apostrophe go. Scientific notation is refused (the digits are gone). What is
 * left is checked by the NIP rules (18 digits, a real birth date, ...).
 */
export function cleanNipCell(raw: string): NipCell {
  const value = raw.trim();
  if (scientific.test(value.replace(/\s/g, ''))) return { ok: false, code: 'NIP_SCIENTIFIC', value };
  const stripped = value.replace(/^['\u2018\u2019`]/, '').replace(/[\s\u00a0\u202f.\-'\u2019]/g, '');
  return { ok: true, nip: /^\d+$/.test(stripped) ? stripped : value };
}
