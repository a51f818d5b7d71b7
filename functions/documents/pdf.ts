/**
 * PDF rendering of the appraisal documents (pdfkit, with Noto Sans embedded: see fonts.ts). The
 * content comes from core/appraisal/document.ts; this file only lays it out on A4: tables that
 * wrap and break across pages, the distribution as a small bar chart, signature blocks.
 */

import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { EvaluationDocument, PenetapanDocument, Person } from '#core/appraisal/document.ts';
import type { Bar, ReportDocument } from '#core/report/document.ts';
import { notoSansBold, notoSansRegular } from './fonts.ts';

type Doc = PDFKit.PDFDocument;
const M = 40;
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const W = PAGE_W - 2 * M;
const INK = '#1f2937';
const LINE = '#9ca3af';
const SHADE = '#e5e7eb';

function newDoc(title: string, author: string): Doc {
  // `font: ''`: no standard font (they are not bundled and cannot write most of Unicode).
  const doc = new PDFDocument({ size: 'A4', margin: M, font: '', info: { Title: title, Author: author } });
  doc.registerFont('R', Buffer.from(notoSansRegular, 'base64'));
  doc.registerFont('B', Buffer.from(notoSansBold, 'base64'));
  doc.font('R').fontSize(9).fillColor(INK).strokeColor(LINE).lineWidth(0.6);
  return doc;
}

function bytesOf(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Room for `h` more points on this page, or a new page. */
function ensure(doc: Doc, h: number) {
  if (doc.y + h > PAGE_H - M) doc.addPage();
}

function heading(doc: Doc, text: string) {
  ensure(doc, 40);
  doc.moveDown(0.6);
  doc.font('B').fontSize(10).text(text, M, doc.y, { width: W });
  doc.moveDown(0.25);
  doc.font('R').fontSize(9);
}

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A table whose rows wrap; the header repeats on each new page. */
function table(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[], size = 8.5) {
  const pad = 3;
  const total = columns.reduce((n, c) => n + c.width, 0);
  const scale = W / total;
  const widths = columns.map((c) => c.width * scale);
  const heightOf = (cells: readonly string[], font: 'R' | 'B') => {
    doc.font(font).fontSize(size);
    return (
      Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) +
      2 * pad
    );
  };
  const draw = (cells: readonly string[], font: 'R' | 'B', shade: boolean) => {
    const h = heightOf(cells, font);
    const y = doc.y;
    let x = M;
    cells.forEach((t, i) => {
      const w = widths[i]!;
      if (shade) doc.rect(x, y, w, h).fillAndStroke(SHADE, LINE).fillColor(INK);
      else doc.rect(x, y, w, h).stroke();
      doc
        .font(font)
        .fontSize(size)
        .text(t || ' ', x + pad, y + pad, { width: w - 2 * pad, align: columns[i]!.align ?? 'left' });
      x += w;
    });
    doc.x = M;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.title);
  ensure(doc, heightOf(header, 'B') + 20);
  draw(header, 'B', true);
  for (const row of rows) {
    const h = heightOf(row, 'R');
    if (doc.y + h > PAGE_H - M) {
      doc.addPage();
      draw(header, 'B', true);
    }
    draw(row, 'R', false);
  }
  doc.font('R').fontSize(9);
}

const personCells = (p: Person | null) =>
  p ? [p.name, p.nip, p.position, p.unitName] : ['(di luar struktur organisasi)', '-', '-', '-'];

/** The distribution as horizontal bars, with the count and share of each predikat. */
function bars(doc: Doc, items: readonly { label: string; count: number }[]) {
  const total = items.reduce((n, b) => n + b.count, 0);
  const max = Math.max(1, ...items.map((b) => b.count));
  const labelW = 120;
  const barW = W - labelW - 90;
  ensure(doc, items.length * 15 + 10);
  for (const b of items) {
    const y = doc.y;
    doc.text(b.label, M, y + 1, { width: labelW });
    doc.rect(M + labelW, y + 2, barW, 9).stroke();
    if (b.count)
      doc
        .rect(M + labelW, y + 2, (barW * b.count) / max, 9)
        .fill('#2563eb')
        .fillColor(INK);
    const share = total ? Math.round((b.count / total) * 100) : 0;
    doc.text(`${b.count} (${share}%)`, M + labelW + barW + 8, y + 1, { width: 80 });
    doc.x = M;
    doc.y = y + 15;
  }
}

function signatures(doc: Doc, place: string, blocks: readonly { role: string; person: Person | null }[]) {
  ensure(doc, 110);
  doc.moveDown(1);
  doc.text(place, M, doc.y, { width: W, align: 'right' });
  doc.moveDown(0.5);
  const y = doc.y;
  const colW = W / blocks.length;
  blocks.forEach((b, i) => {
    const x = M + i * colW;
    doc.font('B').text(b.role, x, y, { width: colW, align: 'center' });
    doc
      .font('R')
      .text(b.person?.name ?? '(di luar struktur organisasi)', x, y + 60, { width: colW, align: 'center' });
    doc.text(b.person ? `NIP ${b.person.nip}` : '', x, y + 72, { width: colW, align: 'center' });
  });
  doc.x = M;
  doc.y = y + 90;
}

function title(doc: Doc, agency: string, text: string, lines: readonly string[]) {
  doc.font('B').fontSize(11).text(agency.toUpperCase(), M, M, { width: W, align: 'center' });
  doc.fontSize(13).text(text, { width: W, align: 'center' });
  doc.font('R').fontSize(9.5);
  for (const l of lines) doc.text(l, { width: W, align: 'center' });
  doc.moveDown(0.5);
}

export async function renderEvaluation(d: EvaluationDocument): Promise<Buffer> {
  const doc = newDoc(`${d.title} ${d.period}`, d.agencyName);
  title(doc, d.agencyName, d.title, [d.period, d.range, d.status]);

  table(
    doc,
    [
      { title: '', width: 16 },
      { title: 'Nama', width: 28 },
      { title: 'NIP', width: 22 },
      { title: 'Jabatan', width: 24 },
      { title: 'Unit kerja', width: 22 },
    ],
    d.people.map((p) => [p.role, ...personCells(p.person)]),
  );

  if (d.organization) {
    heading(doc, `Capaian kinerja organisasi: ${d.organization.result}`);
    if (d.organization.pattern.length)
      doc.text(`Pola distribusi: ${d.organization.pattern.join('; ')}.`, M, doc.y, { width: W });
    doc.moveDown(0.3);
    if (d.organization.bars.length) bars(doc, d.organization.bars);
    else
      doc.text('Sebaran predikat unit ditampilkan setelah penetapan predikat ditandatangani.', M, doc.y, {
        width: W,
      });
    if (d.organization.breaches.length)
      doc.text(`Tidak sesuai pola: ${d.organization.breaches.join('; ')}.`, M, doc.y, { width: W });
  }

  heading(doc, 'Hasil kerja');
  table(
    doc,
    [
      { title: 'No', width: 5, align: 'center' },
      { title: 'Rencana hasil kerja', width: 24 },
      { title: 'Indikator', width: 22 },
      { title: 'Target', width: 11 },
      { title: 'Realisasi', width: 11 },
      { title: 'Capaian', width: 9, align: 'right' },
      { title: 'Umpan balik', width: 22 },
    ],
    d.rows.map((r) => [r.no, r.rhk, r.indicator, r.target, r.realisasi, r.capaian, r.feedback]),
  );
  if (d.general) doc.moveDown(0.3).text(`Umpan balik umum: ${d.general}`, M, doc.y, { width: W });

  heading(doc, 'Perilaku kerja (BerAKHLAK)');
  table(
    doc,
    [
      { title: 'Nilai', width: 20 },
      { title: 'Ekspektasi khusus pimpinan', width: 40 },
      { title: 'Umpan balik', width: 40 },
    ],
    d.perilaku.map((p) => [p.value, p.ekspektasi, p.feedback]),
  );

  heading(doc, 'Hasil evaluasi');
  if (d.ratings) {
    table(
      doc,
      [
        { title: 'Rating hasil kerja', width: 34 },
        { title: 'Rating perilaku kerja', width: 33 },
        { title: 'Predikat kinerja pegawai', width: 33 },
      ],
      [[d.ratings.hasilKerja, d.ratings.perilakuKerja, d.ratings.predikat]],
      10,
    );
    if (d.ratings.hasilKerjaNote)
      doc.text(`Hasil kerja: ${d.ratings.hasilKerjaNote}.`, M, doc.y + 3, { width: W });
    if (d.ratings.notes) doc.text(`Catatan penilai: ${d.ratings.notes}`, M, doc.y + 2, { width: W });
    if (d.ratings.changedByAppeal) doc.text(d.ratings.changedByAppeal, M, doc.y + 2, { width: W });
  } else doc.text('Belum dinilai.', M, doc.y, { width: W });
  if (d.curveNote) doc.text(d.curveNote, M, doc.y + 2, { width: W });

  if (d.appeal) {
    heading(doc, 'Keberatan');
    doc.text(d.appeal.filed, M, doc.y, { width: W });
    doc.text(`Alasan keberatan: ${d.appeal.reason}`, M, doc.y + 2, { width: W });
    if (d.appeal.evidence.length)
      doc.text(`Bukti dukung: ${d.appeal.evidence.join(', ')}`, M, doc.y + 2, { width: W });
    doc.text(d.appeal.response, M, doc.y + 2, { width: W });
    doc
      .font('B')
      .text(d.appeal.decision, M, doc.y + 2, { width: W })
      .font('R');
    if (d.appeal.decisionReason) doc.text(d.appeal.decisionReason, M, doc.y + 2, { width: W });
  }
  if (d.followUp) {
    heading(doc, 'Tindak lanjut');
    doc.text(d.followUp, M, doc.y, { width: W });
  }

  signatures(doc, d.place, d.signatures);
  return bytesOf(doc);
}

export async function renderPenetapan(d: PenetapanDocument): Promise<Buffer> {
  const doc = newDoc(d.title, d.agencyName);
  title(doc, d.agencyName, d.title, [d.subtitle, d.status]);
  heading(doc, `Hasil kinerja organisasi: ${d.result}`);
  if (d.pattern.length) doc.text(`Pola distribusi: ${d.pattern.join('; ')}.`, M, doc.y, { width: W });
  doc.moveDown(0.3);
  bars(doc, d.bars);
  if (d.breaches.length) doc.text(`Tidak sesuai pola: ${d.breaches.join('; ')}.`, M, doc.y, { width: W });
  heading(doc, 'Predikat kinerja pegawai');
  table(
    doc,
    [
      { title: 'No', width: 6, align: 'center' },
      { title: 'Nama', width: 36 },
      { title: 'NIP', width: 24 },
      { title: 'Predikat', width: 18 },
      { title: 'Status', width: 16 },
    ],
    d.rows.map((r) => [r.no, r.name, r.nip, r.predikat, r.status]),
  );
  if (d.appealNotes.length) {
    heading(doc, 'Perubahan atas keberatan');
    for (const note of d.appealNotes) doc.text(note, M, doc.y, { width: W });
  }
  signatures(doc, d.place, [{ role: 'Pimpinan yang menetapkan', person: d.leader }]);
  return bytesOf(doc);
}

// ---- the period-end report's summary -------------------------------------------------------------------

const SERIES = ['#2563eb', '#16a34a', '#d97706'];

/** Bars of the distribution, with the pattern's bounds on a predikat drawn as ticks (red: max). */
function patternBars(doc: Doc, items: readonly Bar[]) {
  const total = items.reduce((n, b) => n + b.count, 0);
  const labelW = 120;
  const barW = W - labelW - 90;
  ensure(doc, items.length * 15 + 10);
  for (const b of items) {
    const y = doc.y;
    const share = total ? b.count / total : 0;
    doc.text(b.label, M, y + 1, { width: labelW });
    doc.rect(M + labelW, y + 2, barW, 9).stroke();
    if (b.count)
      doc
        .rect(M + labelW, y + 2, barW * share, 9)
        .fill('#2563eb')
        .fillColor(INK);
    const tick = (at: number, color: string) =>
      doc
        .save()
        .moveTo(M + labelW + barW * at, y)
        .lineTo(M + labelW + barW * at, y + 13)
        .lineWidth(1.6)
        .stroke(color)
        .restore();
    if (b.max !== undefined) tick(b.max, '#dc2626');
    if (b.min !== undefined) tick(b.min, '#16a34a');
    doc.text(`${b.count} (${Math.round(share * 100)}%)`, M + labelW + barW + 8, y + 1, { width: 80 });
    doc.x = M;
    doc.y = y + 15;
  }
}

/** Cumulative completion (0..100%) per bin, one line per series, with a legend. */
function lineChart(
  doc: Doc,
  labels: readonly string[],
  series: readonly { label: string; values: number[] }[],
) {
  const h = 150;
  ensure(doc, h + 60);
  const x0 = M + 30;
  const y0 = doc.y + 5;
  const w = W - 40;
  doc.save().lineWidth(0.4).strokeColor(LINE);
  for (const p of [0, 25, 50, 75, 100]) {
    const y = y0 + h - (h * p) / 100;
    doc
      .moveTo(x0, y)
      .lineTo(x0 + w, y)
      .stroke();
    doc.fontSize(7).text(`${p}%`, M, y - 4, { width: 26, align: 'right' });
  }
  doc.restore();
  const n = Math.max(1, labels.length - 1);
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((l, i) => {
    if (i % step === 0)
      doc.fontSize(7).text(l, x0 + (w * i) / n - 20, y0 + h + 3, { width: 40, align: 'center' });
  });
  series.forEach((s, k) => {
    doc
      .save()
      .lineWidth(1.5)
      .strokeColor(SERIES[k % SERIES.length]!);
    s.values.forEach((v, i) => {
      const x = x0 + (labels.length > 1 ? (w * i) / n : w / 2);
      const y = y0 + h - (h * Math.min(100, v)) / 100;
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.stroke().restore();
  });
  let lx = x0;
  const ly = y0 + h + 16;
  series.forEach((s, k) => {
    doc
      .rect(lx, ly + 2, 10, 4)
      .fill(SERIES[k % SERIES.length]!)
      .fillColor(INK);
    doc.fontSize(8).text(s.label, lx + 14, ly, { width: 140 });
    lx += 150;
  });
  doc.fontSize(9);
  doc.x = M;
  doc.y = ly + 16;
}

/** The report's summary into `out` (streamed: pages are written as they are made). */
export async function renderReportPdf(d: ReportDocument, out: Writable): Promise<{ pages: number }> {
  const doc = newDoc(d.title, d.agencyName);
  let pages = 1;
  doc.on('pageAdded', () => {
    pages++;
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  title(doc, d.agencyName, d.title, d.subtitle);
  table(
    doc,
    [
      { title: 'Ringkasan', width: 60 },
      { title: 'Jumlah', width: 40 },
    ],
    d.totals,
  );
  heading(doc, 'Kelengkapan dari waktu ke waktu (kumulatif)');
  lineChart(doc, d.timeline.labels, d.timeline.series);
  heading(doc, 'Distribusi predikat seluruh unit');
  patternBars(doc, d.totalBars);
  heading(doc, 'Per unit kerja');
  table(
    doc,
    [
      { title: 'Unit kerja', width: 26 },
      { title: 'Pegawai', width: 9, align: 'right' },
      { title: 'SKP disetujui', width: 10, align: 'right' },
      { title: 'Check-in', width: 10, align: 'right' },
      { title: 'Evaluasi final', width: 10, align: 'right' },
      { title: 'Hasil organisasi', width: 12 },
      { title: 'Pola', width: 10 },
      { title: 'Terlambat', width: 9, align: 'right' },
      { title: 'Eskalasi', width: 9, align: 'right' },
    ],
    d.unitTable,
    7.5,
  );
  for (const u of d.units) {
    ensure(doc, 140);
    heading(doc, u.name);
    doc.text(u.result, M, doc.y, { width: W });
    if (u.pattern.length) doc.text(`Pola distribusi: ${u.pattern.join('; ')}.`, M, doc.y, { width: W });
    doc.moveDown(0.3);
    patternBars(doc, u.bars);
    if (u.breaches.length)
      doc
        .fillColor('#b91c1c')
        .text(`Tidak sesuai pola: ${u.breaches.join('; ')}.`, M, doc.y, { width: W })
        .fillColor(INK);
    doc.text(u.late, M, doc.y, { width: W });
  }
  doc.moveDown(1).fontSize(8).text(d.printed, M, doc.y, { width: W, align: 'right' });
  doc.end();
  await done;
  return { pages };
}
