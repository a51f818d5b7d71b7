/** What Excel makes of an employee list, undone (core/import-file.ts), and leavers and moves in the plan. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { limits } from '#config/limits.ts';
import { type Employee, importColumns, importOptionalColumns } from '#core/employee.ts';
import {
  canonicalHeader,
  cleanNipCell,
  decodeText,
  detectSeparator,
  zipInflatedSize,
} from '#core/import-file.ts';
import { checkHeader, planImport, validateRows } from '#core/org-import.ts';
import { readTable } from '#functions/use-cases/import-file.ts';

const known = [...importColumns, ...importOptionalColumns];
const today = '2027-07-15';

describe('decodeText', () => {
  // "Désirée Siahaan" as Excel's "CSV (Comma delimited)" writes it on Windows: é = 0xE9.
  const cp1252 = Uint8Array.from([0x44, 0xe9, 0x73, 0x69, 0x72, 0xe9, 0x65]);

  it('reads Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeText(cp1252)).toEqual({ text: 'Désirée', encoding: 'WINDOWS-1252' });
  });

  it('reads UTF-8, with or without a BOM', () => {
    const utf8 = new TextEncoder().encode('Désirée');
    expect(decodeText(utf8)).toEqual({ text: 'Désirée', encoding: 'UTF-8' });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: 'Désirée',
      encoding: 'UTF-8',
    });
  });

  it("reads UTF-16 (Excel's Unicode text) by its BOM", () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from('Né', 'utf16le')]);
    expect(decodeText(bytes)).toEqual({ text: 'Né', encoding: 'UTF-16LE' });
  });

  it('honours a declared Latin charset, and the Windows-1252 meaning of 0x80-0x9F', () => {
    expect(decodeText(Uint8Array.from([0x80, 0x92]), 'ISO-8859-1').text).toBe('€’');
  });
});

describe('detectSeparator', () => {
  it('takes `;` (Excel in an Indonesian locale), `,` or a tab from the header row', () => {
    expect(detectSeparator('nip;name;email;position;unitId;unitName;supervisorNip\r\n1;a,b;', known)).toBe(
      ';',
    );
    expect(detectSeparator('nip,name,email,position,unitId,unitName,supervisorNip\n', known)).toBe(',');
    expect(detectSeparator('\n\nnip\tname\temail\n', known)).toBe('\t');
  });

  it('is not fooled by separators inside quotes or in the data rows', () => {
    expect(detectSeparator('"nip";"name";"position"\n"1,2,3,4,5,6,7"', known)).toBe(';');
  });
});

describe('canonicalHeader', () => {
  it('maps header cells onto column names, ignoring case, spaces and underscores', () => {
    expect(canonicalHeader(['NIP', ' Nama ', 'unit_id', 'Supervisor NIP', 'phone'], known)).toEqual([
      'nip',
      'Nama',
      'unitId',
      'supervisorNip',
      'phone',
    ]);
  });
});

describe('a column named twice (finding 9 of issue 15) with the header read as Excel writes it', () => {
  const row = '199203042019032005,Ani,ani@x.go.id,Staf,u1,Unit 1,,Staf';
  const duplicate = [
    { row: 1, path: '(header)', code: 'CSV_HEADER_DUPLICATE', params: { column: 'position' } },
  ];
  const header = (names: string, sep = ',') =>
    `nip,name,email,position,unitId,unitName,supervisorNip,${names}`.replaceAll(',', sep);

  it('is refused once the header cells are canonicalised: any case, spacing, separator, encoding', async () => {
    for (const [name, sep] of [
      ['position', ','],
      ['Position', ';'],
      [' POSITION ', '\t'],
      ['posi_tion', ';'],
    ] as const) {
      const text = header(name, sep);
      const csv = `${text}\r\n${row.replaceAll(',', sep)}\r\n`;
      for (const bytes of [
        new TextEncoder().encode(csv),
        Uint8Array.from(Buffer.from(csv, 'latin1')),
        Uint8Array.from([0xff, 0xfe, ...Buffer.from(csv, 'utf16le')]),
      ]) {
        const table = await readTable(bytes, 'text/csv');
        expect(checkHeader(table.header), `${JSON.stringify(text)} ${table.encoding}`).toEqual(duplicate);
      }
    }
  });

  it('is refused in an XLSX too', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pegawai');
    ws.addRow(header('Position').split(','));
    ws.addRow(row.split(','));
    const table = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(table.format).toBe('XLSX');
    expect(checkHeader(table.header)).toEqual(duplicate);
  });

  it('an unknown column twice is an unknown column (named once the header is fixed), not a duplicate', async () => {
    const table = await readTable(new TextEncoder().encode(`${header('phone,phone')}\n${row},1\n`));
    expect(checkHeader(table.header)).toEqual([
      expect.objectContaining({
        code: 'CSV_HEADER',
        params: expect.objectContaining({ unknown: 'phone, phone' }),
      }),
    ]);
  });
});

describe('cleanNipCell', () => {
  it.each([
    ['19920304 201903 2 005', '199203042019032005'],
    ["'199203042019032005", '199203042019032005'],
    ['1992.0304.2019.03.2.005', '199203042019032005'],
    ['19920304-201903-2-005', '199203042019032005'],
    ['\u00a0199203042019032005 ', '199203042019032005'],
  ])('%j -> %s', (raw, nip) => {
    expect(cleanNipCell(raw)).toEqual({ ok: true, nip });
  });

  it.each(['1.99203E+17', '1,99203E+17', '1.99203042019032E17'])(
    'refuses %s as scientific notation',
    (raw) => {
      expect(cleanNipCell(raw)).toEqual({ ok: false, code: 'NIP_SCIENTIFIC', value: raw });
    },
  );
});

const row = (over: Record<string, string | { number: string }> = {}) => ({
  nip: '199203042019032005',
  name: 'Désirée Siahaan',
  email: '',
  position: 'Analis',
  unitId: 'bkpsdm',
  unitName: 'BKPSDM',
  supervisorNip: '',
  ...over,
});

describe('validateRows with what Excel writes', () => {
  it('accepts a NIP typed with spaces, and names the fix for one in scientific notation', () => {
    const { rows, issues } = validateRows(
      [row({ nip: '19920304 201903 2 005' }), row({ nip: '1.99203E+17' }), row({ nip: '1992030420190320' })],
      today,
    );
    expect(rows.map((r) => r.data.nip)).toEqual(['199203042019032005']);
    expect(issues).toEqual([
      { row: 3, path: 'nip', code: 'NIP_SCIENTIFIC', params: { value: '1.99203E+17' } },
      { row: 4, path: 'nip', code: 'NIP_DIGITS', params: { value: '1992030420190320', digits: 16 } },
    ]);
  });

  it('refuses a NIP that an XLSX holds as a number (its last digits are gone)', () => {
    const { issues } = validateRows([row({ nip: { number: '199203042019032000' } })], today);
    expect(issues).toEqual([
      { row: 2, path: 'nip', code: 'NIP_AS_NUMBER', params: { value: '199203042019032000' } },
    ]);
  });

  it('reads a month as YYYY-MM, a date or MM/YYYY, and status in any case', () => {
    const { rows, issues } = validateRows(
      [
        row({ status: 'inactive', effectiveMonth: '2027-07-01' }),
        row({ nip: '198609262015051001', effectiveMonth: '7/2027' }),
        row({ nip: '198609262015052002', effectiveMonth: 'Juli' }),
      ],
      today,
    );
    expect(rows.map((r) => [r.data.status, r.data.effectiveMonth])).toEqual([
      ['INACTIVE', '2027-07'],
      [undefined, '2027-07'],
    ]);
    expect(issues.map((i) => `${i.row}:${i.path}:${i.code}`)).toEqual(['4:effectiveMonth:MONTH_FORMAT']);
  });
});

const employee = (nip: string, supervisorNip: string | null, over: Partial<Employee> = {}): Employee => ({
  nip,
  agencyId: 'kota-x',
  asnType: 'PNS',
  name: nip,
  email: null,
  position: 'Staf',
  unitId: 'bkpsdm',
  unitName: 'BKPSDM',
  supervisorNip,
  managerChain: [],
  directReports: 0,
  version: 1,
  updatedAt: '2027-01-01T00:00:00.000Z',
  ...over,
});

const HEAD = '197001011995031001';
const SUP = '198001012005011002';
const STAFF = '199001012015011003';
const OTHER = '198502022010012004';

function plan(existing: Employee[], records: Record<string, string>[]) {
  const { rows, issues } = validateRows(records, today);
  expect(issues).toEqual([]);
  return planImport(rows, {
    agencyId: 'kota-x',
    now: new Date('2027-07-15T02:00:00Z'),
    existing: new Map(existing.map((e) => [e.nip, e])),
    otherAgency: new Map(),
  });
}

const org = () => [
  employee(HEAD, null, { directReports: 2 }),
  employee(SUP, HEAD, { managerChain: [HEAD], directReports: 1 }),
  employee(OTHER, HEAD, { managerChain: [HEAD] }),
  employee(STAFF, SUP, { managerChain: [SUP, HEAD] }),
];
const rowOf = (e: Employee, over: Record<string, string> = {}) => ({
  nip: e.nip,
  name: e.name,
  email: '',
  position: e.position,
  unitId: e.unitId,
  unitName: e.unitName,
  supervisorNip: e.supervisorNip ?? '',
  ...over,
});

describe('planImport: leavers and moves', () => {
  it('a move with an effective month is a move (the SKP of the old post ends); without one, a correction', () => {
    const [, , , staff] = org();
    const moved = plan(org(), [rowOf(staff!, { supervisorNip: OTHER, effectiveMonth: '2027-07' })]);
    expect('plan' in moved && moved.plan.moves).toEqual([{ nip: STAFF, month: '2027-07', reason: 'MOVED' }]);
    expect('plan' in moved && moved.plan.writes.find((w) => w.nip === STAFF)).toMatchObject({
      supervisorNip: OTHER,
      postSince: '2027-07',
    });
    const corrected = plan(org(), [rowOf(staff!, { supervisorNip: OTHER })]);
    expect('plan' in corrected && corrected.plan.moves).toEqual([]);
  });

  it('the same file again moves no one twice', () => {
    const [, , , staff] = org();
    const first = plan(org(), [rowOf(staff!, { supervisorNip: OTHER, effectiveMonth: '2027-07' })]);
    if (!('plan' in first)) throw new Error('plan expected');
    const after = new Map(org().map((e) => [e.nip, e]));
    for (const w of first.plan.writes) after.set(w.nip, w);
    const again = plan(
      [...after.values()],
      [rowOf(staff!, { supervisorNip: OTHER, effectiveMonth: '2027-07' })],
    );
    expect('plan' in again && again.plan).toMatchObject({ moves: [], writes: [], unchanged: 1 });
  });

  it('a leaver needs the month, and their reports a new supervisor in the same file', () => {
    const [, sup, , staff] = org();
    const { rows } = validateRows([rowOf(sup!, { status: 'INACTIVE' })], today);
    const refused = planImport(rows, {
      agencyId: 'kota-x',
      now: new Date('2027-07-15T02:00:00Z'),
      existing: new Map(org().map((e) => [e.nip, e])),
      otherAgency: new Map(),
    });
    expect('issues' in refused && refused.issues.map((i) => `${i.row}:${i.path}:${i.code}`)).toEqual([
      '2:effectiveMonth:EFFECTIVE_MONTH_REQUIRED',
      '2:status:LEAVER_HAS_REPORTS',
    ]);
    const ok = plan(org(), [
      rowOf(sup!, { status: 'INACTIVE', effectiveMonth: '2027-08' }),
      rowOf(staff!, { supervisorNip: HEAD }),
    ]);
    if (!('plan' in ok)) throw new Error('plan expected');
    expect(ok.plan.moves).toEqual([{ nip: SUP, month: '2027-08', reason: 'LEFT' }]);
    const written = new Map(ok.plan.writes.map((w) => [w.nip, w]));
    expect(written.get(SUP)).toMatchObject({ employmentStatus: 'INACTIVE', leftIn: '2027-08' });
    // The head now has OTHER and STAFF (still 2: unchanged, not written); the leaver counts for no one.
    expect(written.has(HEAD)).toBe(false);
    expect(written.get(STAFF)).toMatchObject({ supervisorNip: HEAD, managerChain: [HEAD] });
  });

  it('refuses a report whose supervisor is INACTIVE, on the report’s row', () => {
    const [, sup, , staff] = org();
    const { rows } = validateRows(
      [rowOf(sup!, { status: 'INACTIVE', effectiveMonth: '2027-08' }), rowOf(staff!)],
      today,
    );
    const refused = planImport(rows, {
      agencyId: 'kota-x',
      now: new Date('2027-07-15T02:00:00Z'),
      existing: new Map(org().map((e) => [e.nip, e])),
      otherAgency: new Map(),
    });
    expect('issues' in refused && refused.issues).toEqual([
      { row: 3, path: 'supervisorNip', code: 'SUPERVISOR_INACTIVE', params: { supervisorNip: SUP } },
    ]);
  });
});

describe('zipInflatedSize: what an XLSX would inflate to, read before inflating', () => {
  const workbook = async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Pegawai').addRow(['nip', 'name']);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };

  it("sums the entries' uncompressed sizes from the central directory", async () => {
    const bytes = await workbook();
    const size = zipInflatedSize(bytes);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(100_000);
  });

  it('sees a bomb (entries claiming gigabytes) and a cut archive, and the import refuses both', async () => {
    const bomb = await workbook();
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let i = 0; i + 46 <= bomb.length; i++)
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0x7fffffff, true);
    expect(zipInflatedSize(bomb)).toBeGreaterThan(limits.importMaxInflatedBytes);
    expect(zipInflatedSize(bomb.slice(0, bomb.length - 30))).toBe(Number.POSITIVE_INFINITY);
    await expect(readTable(bomb)).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      issues: [expect.objectContaining({ code: 'XLSX_TOO_LARGE' })],
    });
  });
});
