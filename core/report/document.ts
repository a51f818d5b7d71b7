/**
 * What the PDF summary of a report says, in Bahasa Indonesia, as data (the renderer in
 * functions/documents only lays it out): the totals and completion rates, completion over time,
 * and per unit the predikat distribution against the pattern of its organisation result, its
 * breaches, and what is overdue or escalated.
 */
import { DateTime } from 'luxon';
import { curve, predikats } from '#config/appraisal.ts';
import {
  breachText,
  organizationLabel,
  patternText,
  periodLabel,
  predikatLabel,
  tanggal,
} from '../appraisal/document.ts';
import { ratesOf, type Timeline, type UnitSummary } from './rows.ts';

export interface ReportDocumentInput {
  agencyName: string;
  timeZone: string;
  year: number;
  period: string;
  /** The unit's name for a unit's report. */
  unitName?: string;
  edition: string;
  asOf: string;
  total: UnitSummary;
  units: readonly UnitSummary[];
  timeline: Timeline;
}

const zoneName: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};
const localTime = (iso: string, zone: string) =>
  `${DateTime.fromISO(iso).setZone(zone).toFormat('HH:mm')} ${zoneName[zone] ?? zone}`;
const pct = (x: number | null) => (x === null ? '-' : `${String(x).replace('.', ',')}%`);

export interface Bar {
  label: string;
  count: number;
  /** The pattern's bounds on this predikat alone, as shares 0..1. */
  min?: number;
  max?: number;
}

export function distributionBars(u: UnitSummary): Bar[] {
  const rule = u.result ? curve[u.result] : undefined;
  return predikats.map((p) => {
    const max = rule?.atMost?.find((m) => m.of.length === 1 && m.of[0] === p)?.share;
    const min = rule?.atLeast?.find((m) => m.of.length === 1 && m.of[0] === p)?.share;
    return {
      label: predikatLabel[p],
      count: u.counts[p],
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  });
}

const editionLabel = (edition: string) =>
  edition.startsWith('OD')
    ? `atas permintaan (${edition})`
    : ({
        PLANNING: 'akhir tahap perencanaan',
        PERIOD_REVIEW: 'akhir periode penilaian',
        ANNUAL_REVIEW: 'akhir penilaian tahunan',
        CLOSE: 'arsip penutupan siklus',
      }[edition] ?? edition);

export function reportDocument(d: ReportDocumentInput) {
  const rates = ratesOf(d.total);
  const t = d.timeline;
  const cumulative = (series: number[], before: number, of: number) => {
    let n = before;
    return series.map((x) => {
      n += x;
      return of ? Math.round((n / of) * 1000) / 10 : 0;
    });
  };
  const opened = d.total.evaluation.PENDING + d.total.evaluation.RATED + d.total.evaluation.FINAL;
  return {
    title: `Laporan Kinerja Pegawai ${periodLabel(d.period)} ${d.year}`,
    agencyName: d.agencyName,
    subtitle: [
      d.unitName ? `Unit kerja: ${d.unitName}` : 'Seluruh unit kerja',
      `Laporan ${editionLabel(d.edition)}; data per ${tanggal(d.asOf, d.timeZone)} pukul ${localTime(d.asOf, d.timeZone)}`,
    ],
    totals: [
      ['Pegawai', String(d.total.employees)],
      ['Baris (SKP)', String(d.total.rows)],
      ['Unit kerja', String(d.units.length)],
      ['SKP disetujui', `${d.total.skp.APPROVED} (${pct(rates.skpApproved)})`],
      [
        'Check-in diajukan',
        `${d.total.checkin.SUBMITTED + d.total.checkin.REVIEWED} (${pct(rates.checkinSubmitted)})`,
      ],
      ['Evaluasi final', `${d.total.evaluation.FINAL} dari ${opened} (${pct(rates.evaluationFinal)})`],
      ['Terlambat', String(d.total.overdue)],
      ['Dieskalasi (ke atasan / ke pengelola kinerja)', `${d.total.escalated} / ${d.total.escalatedToHr}`],
    ] as [string, string][],
    totalBars: distributionBars({ ...d.total, result: undefined } as UnitSummary),
    timeline: {
      labels: Array.from({ length: t.bins }, (_, i) =>
        tanggal(new Date(t.start + i * t.binMs).toISOString(), d.timeZone).replace(/ \d{4}$/, ''),
      ),
      series: [
        { label: 'SKP disetujui', values: cumulative(t.skpApproved, t.before.skpApproved, d.total.rows) },
        {
          label: 'Check-in diajukan',
          values: cumulative(t.checkinSubmitted, t.before.checkinSubmitted, d.total.skp.APPROVED),
        },
        { label: 'Evaluasi final', values: cumulative(t.evaluationFinal, t.before.evaluationFinal, opened) },
      ],
    },
    unitTable: d.units.map((u) => {
      const r = ratesOf(u);
      return [
        u.unitName,
        String(u.employees),
        pct(r.skpApproved),
        pct(r.checkinSubmitted),
        pct(r.evaluationFinal),
        u.result ? organizationLabel[u.result] : '-',
        u.result ? (u.breaches.length ? 'Tidak sesuai' : 'Sesuai') : '-',
        String(u.overdue),
        String(u.escalated),
      ];
    }),
    units: d.units.map((u) => ({
      name: `${u.unitName} (${u.unitId})`,
      result: u.result
        ? `Hasil kinerja organisasi: ${organizationLabel[u.result]}`
        : 'Hasil kinerja organisasi belum ditetapkan',
      pattern: u.result ? patternText(curve[u.result]) : [],
      bars: distributionBars(u),
      breaches: u.breaches.map(breachText),
      late: `Terlambat: ${u.overdue}; dieskalasi ke atasan: ${u.escalated}; ke pengelola kinerja: ${u.escalatedToHr}${
        u.penetapanSigned ? '; penetapan predikat ditandatangani' : ''
      }`,
    })),
    printed: `Dicetak ${tanggal(d.asOf, d.timeZone)} oleh Siklus`,
  };
}

export type ReportDocument = ReturnType<typeof reportDocument>;
