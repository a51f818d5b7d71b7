/**
 * The report's three files, written as the rows come: the CSV (csv-stringify for the quoting,
 * cells from core/report/csv.ts), the XLSX (exceljs' streaming writer: a sheet per unit, each
 * committed when its unit ends, the summary sheet written last and shown first), and the PDF
 * summary (pdfkit) at the end. Each writes into a FileSink (the reports bucket's multipart
 * upload); nothing keeps more than a page of rows.
 */
import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { predikats } from '#config/appraisal.ts';
import { predikatLabel } from '#core/appraisal/document.ts';
import type { FileSink } from '#core/ports.ts';
import { type Column, reportColumns } from '#core/report/columns.ts';
import { csvCell, csvDelimiter, utf8Bom } from '#core/report/csv.ts';
import type { ReportDocument } from '#core/report/document.ts';
import { type ReportRow, ratesOf, type UnitSummary } from '#core/report/rows.ts';
import { renderReportPdf } from './pdf.ts';

/** A Node stream over a FileSink (for the libraries that write to streams). */
export function sinkStream(sink: FileSink): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _enc, done) {
      sink.write(chunk).then(() => done(), done);
    },
  });
}

const finished = (w: Writable) =>
  new Promise<void>((resolve, reject) => {
    if (w.writableFinished) resolve();
    w.once('finish', resolve);
    w.once('error', reject);
  });

const drained = (w: Writable) =>
  w.writableNeedDrain ? new Promise<void>((resolve) => w.once('drain', () => resolve())) : Promise.resolve();

export interface ReportWriter {
  /** Rows of one unit in order; `unitEnd` closes the unit. */
  rows(unit: { unitId: string; unitName: string }, rows: readonly ReportRow[]): Promise<void>;
  unitEnd(unitId: string): Promise<void>;
  /** The summaries are complete: write what depends on them and close the file. */
  finish(summary: {
    total: UnitSummary;
    units: readonly UnitSummary[];
    document: ReportDocument;
  }): Promise<{ rows?: number; sheets?: number; pages?: number }>;
}

// ---- CSV -------------------------------------------------------------------------------------------------

export function csvWriter(sink: FileSink, zone: string): ReportWriter {
  const options = { delimiter: csvDelimiter, record_delimiter: 'windows' as const };
  let count = 0;
  let started = false;
  const header = stringify([reportColumns.map((c) => c.header)], options);
  return {
    async rows(_unit, rows) {
      const cells = rows.map((r) => reportColumns.map((c) => csvCell(c.type, c.value(r), zone)));
      const text = `${started ? '' : utf8Bom + header}${stringify(cells, options)}`;
      started = true;
      count += rows.length;
      await sink.write(Buffer.from(text, 'utf8'));
    },
    async unitEnd() {},
    async finish() {
      if (!started) await sink.write(Buffer.from(utf8Bom + header, 'utf8'));
      return { rows: count };
    },
  };
}

// ---- XLSX ------------------------------------------------------------------------------------------------

const dateFormat = 'yyyy-mm-dd';
const dateTimeFormat = 'yyyy-mm-dd hh:mm';

/** A spreadsheet date shows wall time: the agency's local time, as a zone-less date. */
function excelDate(iso: string, zone: string, withTime: boolean): Date | null {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? DateTime.fromISO(iso, { zone })
    : DateTime.fromISO(iso).setZone(zone);
  if (!d.isValid) return null;
  return withTime
    ? new Date(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute))
    : new Date(Date.UTC(d.year, d.month - 1, d.day));
}

function xlsxCell(c: Column, row: ReportRow, zone: string): ExcelJS.CellValue {
  const v = c.value(row);
  if (v === null || v === '') return null;
  if (c.type === 'date' || c.type === 'datetime') return excelDate(String(v), zone, c.type === 'datetime');
  if (c.type === 'int' || c.type === 'decimal') return typeof v === 'number' ? v : String(v);
  return String(v);
}

const columnStyle = (c: Column): Partial<ExcelJS.Style> =>
  c.type === 'nip' || c.type === 'text'
    ? { numFmt: '@' }
    : c.type === 'date'
      ? { numFmt: dateFormat }
      : c.type === 'datetime'
        ? { numFmt: dateTimeFormat }
        : c.type === 'decimal'
          ? { numFmt: '0.0' }
          : { numFmt: '0' };

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetNameOf(unitId: string, taken: Set<string>): string {
  const base = unitId.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++)
    name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

export function xlsxWriter(sink: FileSink, zone: string, title: string): ReportWriter {
  const out = sinkStream(sink);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 6 } },
  });
  wb.creator = 'Siklus';
  wb.title = title;
  const taken = new Set<string>(['ringkasan']);
  let sheet: ExcelJS.Worksheet | undefined;
  let sheetUnit = '';
  let sheets = 0;
  let count = 0;
  const newSheet = (name: string, columns: Partial<ExcelJS.Column>[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    return ws;
  };
  return {
    async rows(unit, rows) {
      if (sheetUnit !== unit.unitId) {
        sheet = newSheet(
          sheetNameOf(unit.unitId, taken),
          reportColumns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: columnStyle(c) })),
        );
        sheetUnit = unit.unitId;
        sheets++;
      }
      for (const r of rows) sheet!.addRow(reportColumns.map((c) => xlsxCell(c, r, zone))).commit();
      count += rows.length;
      await drained(out);
    },
    async unitEnd() {
      sheet?.commit();
      sheet = undefined;
      sheetUnit = '';
      await drained(out);
    },
    async finish({ total, units }) {
      // Written last (its content is known only now), listed first.
      const summary = newSheet('Ringkasan', [
        { header: 'Kode unit', key: 'unitId', width: 16, style: { numFmt: '@' } },
        { header: 'Unit kerja', key: 'unitName', width: 30, style: { numFmt: '@' } },
        { header: 'Pegawai', key: 'employees', width: 9 },
        { header: 'SKP disetujui', key: 'skp', width: 10 },
        { header: 'SKP disetujui (%)', key: 'skpRate', width: 10, style: { numFmt: '0.0' } },
        { header: 'Check-in diajukan', key: 'checkin', width: 10 },
        { header: 'Check-in diajukan (%)', key: 'checkinRate', width: 10, style: { numFmt: '0.0' } },
        { header: 'Evaluasi final', key: 'final', width: 10 },
        { header: 'Evaluasi final (%)', key: 'finalRate', width: 10, style: { numFmt: '0.0' } },
        ...predikats.map((p) => ({ header: predikatLabel[p], key: p, width: 10 })),
        { header: 'Hasil kinerja organisasi', key: 'result', width: 16, style: { numFmt: '@' } },
        { header: 'Sesuai pola', key: 'fits', width: 10, style: { numFmt: '@' } },
        { header: 'Pelanggaran pola', key: 'breaches', width: 40, style: { numFmt: '@' } },
        { header: 'Terlambat', key: 'overdue', width: 10 },
        { header: 'Dieskalasi', key: 'escalated', width: 10 },
        { header: 'Sampai pengelola kinerja', key: 'toHr', width: 10 },
      ]);
      const line = (u: UnitSummary, isTotal: boolean) => {
        const r = ratesOf(u);
        return {
          unitId: isTotal ? '' : u.unitId,
          unitName: u.unitName,
          employees: u.employees,
          skp: u.skp.APPROVED,
          skpRate: r.skpApproved,
          checkin: u.checkin.SUBMITTED + u.checkin.REVIEWED,
          checkinRate: r.checkinSubmitted,
          final: u.evaluation.FINAL,
          finalRate: r.evaluationFinal,
          ...Object.fromEntries(predikats.map((p) => [p, u.counts[p]])),
          result: u.result ?? null,
          fits: u.result ? (u.breaches.length ? 'Tidak' : 'Ya') : null,
          breaches: u.breaches.map((b) => `${b.code} ${b.predikat.join('+')}`).join('; ') || null,
          overdue: u.overdue,
          escalated: u.escalated,
          toHr: u.escalatedToHr,
        };
      };
      for (const u of units) summary.addRow(line(u, false)).commit();
      const t = summary.addRow(line(total, true));
      t.font = { bold: true };
      t.commit();
      summary.commit();
      reorderFirst(wb, summary);
      await wb.commit();
      await finished(out);
      return { rows: count, sheets: sheets + 1 };
    },
  };
}

/**
 * exceljs lists sheets in the order they were added, and its streaming writer opens a sheet's
 * part in the zip when the sheet is added: a summary added first would hold every unit sheet in
 * memory until the end. So it is added last and moved to the front of the workbook's list here
 * (its private `_worksheets`, indexed from 1; a test reads the order back). If that field ever
 * changes shape, the summary simply stays the last sheet.
 */
function reorderFirst(wb: ExcelJS.stream.xlsx.WorkbookWriter, first: ExcelJS.Worksheet) {
  const w = wb as unknown as { _worksheets?: unknown };
  if (!Array.isArray(w._worksheets)) return;
  const others = (w._worksheets as unknown[]).filter((s) => s && s !== first);
  const list: unknown[] = [];
  list[1] = first;
  others.forEach((s, i) => {
    list[i + 2] = s;
  });
  w._worksheets = list;
}

// ---- PDF -------------------------------------------------------------------------------------------------

export function pdfWriter(sink: FileSink): ReportWriter {
  return {
    async rows() {},
    async unitEnd() {},
    async finish({ document }) {
      const out = sinkStream(sink);
      const { pages } = await renderReportPdf(document, out);
      await finished(out);
      return { pages };
    },
  };
}
