/**
 * csvSafe: text written into CSV (and XLSX) exports never starts a spreadsheet formula, and the
 * cell survives CSV parsing intact otherwise.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRow, csvSafe, isFormulaLike } from '#core/csv.ts';

const parsedBack = (cell: string): string =>
  (parse(`${cell}\n`, { relax_quotes: false }) as string[][])[0]![0]!;

describe('csvSafe', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","klik")'],
    ['+cmd|" /C calc"!A0'],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['  =1+1'],
  ])('neutralises %j with a leading apostrophe', (value) => {
    const cell = csvSafe(value);
    expect(parsedBack(cell)).toBe(`'${value}`);
  });

  it('leaves ordinary text, numbers and empty cells alone', () => {
    expect(csvSafe('Budi Saputra')).toBe('Budi Saputra');
    expect(csvSafe('Kepala Bidang, Perencanaan')).toBe('"Kepala Bidang, Perencanaan"');
    expect(csvSafe('kata "kunci"')).toBe('"kata ""kunci"""');
    expect(csvSafe(-12.5)).toBe('-12.5');
    expect(csvSafe(0)).toBe('0');
    expect(csvSafe(null)).toBe('');
    expect(csvSafe(undefined)).toBe('');
    expect(csvSafe(true)).toBe('true');
    expect(csvSafe('')).toBe('');
  });

  it('never yields a cell a spreadsheet reads as a formula, and round-trips everything else (property)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', ' ', 'a', ',', '"', '\n', '1') }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const back = parsedBack(csvSafe(value) || '""');
        expect(isFormulaLike(back)).toBe(false);
        expect(back).toBe(isFormulaLike(value) ? `'${value}` : value);
      }),
      { numRuns: 500 },
    );
  });

  it('csvRow joins safe cells', () => {
    expect(csvRow(['=1', 'a,b', 3])).toBe(`'=1,"a,b",3`);
  });
});
