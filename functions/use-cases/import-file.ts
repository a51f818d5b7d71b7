/**
 * The uploaded employee list read into header and rows: CSV (Excel's encodings and separators,
 * undone by core/import-file.ts) or XLSX (numbers kept as the digits the file holds, so a NIP
 * stored as a number is recognised). The template HR fills in: functions/adapters/spreadsheet.ts.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { limits } from '#config/limits.ts';
import { importColumns, importOptionalColumns } from '#core/employee.ts';
import { type FieldIssue, validationFailed } from '#core/errors.ts';
import {
  canonicalHeader,
  decodeText,
  detectSeparator,
  isZip,
  type TextEncoding,
  zipInflatedSize,
} from '#core/import-file.ts';
import type { ImportCell } from '#core/org-import.ts';

export interface Table {
  header: string[];
  records: Record<string, ImportCell>[];
  format: 'CSV' | 'XLSX';
  encoding?: TextEncoding;
  separator?: string;
}

const known = [...importColumns, ...importOptionalColumns];
const rejected = (issues: FieldIssue[]) => validationFailed(issues, 'IMPORT_INVALID');

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

/** CSV (any of Excel's encodings and separators) or XLSX (by its bytes, whatever it was sent as). */
export async function readTable(bytes: Uint8Array, contentType?: string): Promise<Table> {
  return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes, contentType);
}

function readCsv(bytes: Uint8Array, contentType?: string): Table {
  const { text, encoding } = decodeText(bytes, charsetOf(contentType));
  const separator = detectSeparator(text, known);
  let header: string[] = [];
  try {
    const records = parse(text, {
      bom: true,
      delimiter: separator,
      columns: (h: string[]) => {
        header = canonicalHeader(h, known);
        return header;
      },
      skip_empty_lines: true,
      // Excel writes `;;;;` for a row whose cells are all empty.
      skip_records_with_empty_values: true,
      trim: true,
    }) as Record<string, string>[];
    return { header, records, format: 'CSV', encoding, separator };
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw rejected([
        { row: line ?? 0, path: '(row)', code: 'MALFORMED_CSV', params: { reason: err.message } },
      ]);
    }
    throw err;
  }
}

type Cell = string | number | boolean | Date | { number: string } | null;

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  // Checked before anything is inflated: a 100 KB upload can hold gigabytes of sheet.
  const inflated = zipInflatedSize(bytes);
  if (inflated > limits.importMaxInflatedBytes)
    throw rejected([
      {
        row: 0,
        path: '(file)',
        code: 'XLSX_TOO_LARGE',
        params: { max: Math.round(limits.importMaxInflatedBytes / 1024 / 1024) },
      },
    ]);
  let rows: Cell[][];
  try {
    // Numbers come back as the digits the file holds, so a NIP stored as a number is seen as one.
    rows = (await readSheet(Buffer.from(bytes), {
      parseNumber: (digits: string) => ({ number: digits }),
    })) as unknown as Cell[][];
  } catch (err) {
    throw rejected([
      { row: 0, path: '(file)', code: 'UNREADABLE_XLSX', params: { reason: (err as Error).message } },
    ]);
  }
  const text = (c: Cell): ImportCell =>
    c === null
      ? ''
      : typeof c === 'object' && 'number' in c
        ? c
        : c instanceof Date
          ? c.toISOString().slice(0, 10)
          : String(c).trim();
  const start = rows.findIndex((r) => r.some((c) => c !== null && String(c).trim() !== ''));
  if (start < 0) return { header: [], records: [], format: 'XLSX' };
  const header = canonicalHeader(
    rows[start]!.map((c) => {
      const t = text(c);
      return typeof t === 'string' ? t : t.number;
    }),
    known,
  );
  const records = rows
    .slice(start + 1)
    .filter((r) => r.some((c) => c !== null && String(c).trim() !== ''))
    .map((r) => Object.fromEntries(header.map((name, i) => [name, text(r[i] ?? null)])));
  return { header, records, format: 'XLSX' };
}
