/**
 * What the Dokumen Evaluasi Kinerja Pegawai and the unit's penetapan predikat say, in Bahasa
 * Indonesia, as data: the renderer (functions/documents) lays it out and knows nothing of the
 * domain. Dates in Indonesian, in the agency's zone.
 */
import { DateTime } from 'luxon';
import {
  type CurveRule,
  curve,
  type OrganizationResult,
  type Predikat,
  predikats,
  type Rating,
} from '#config/appraisal.ts';
import type { StoredAppeal } from '../appeal/appeal.ts';
import { capaianOf, combinedRealisasi, type RealisasiValue } from '../capaian.ts';
import type { TargetRhk } from '../checkin/content.ts';
import type { StoredFollowUp } from '../follow-up/follow-up.ts';
import { berakhlak } from '../skp/content.ts';
import type { StoredEvaluation } from './evaluation.ts';
import type { Breach, Counts } from './rules.ts';

export const ratingLabel: Record<Rating, string> = {
  DI_ATAS: 'Di Atas Ekspektasi',
  SESUAI: 'Sesuai Ekspektasi',
  DI_BAWAH: 'Di Bawah Ekspektasi',
};
export const predikatLabel: Record<Predikat, string> = {
  SANGAT_BAIK: 'Sangat Baik',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang/Misconduct',
  SANGAT_KURANG: 'Sangat Kurang',
};
/** For English notices: the rating's name, which stays Indonesian, with its meaning. */
export const predikatLabelEn: Record<Predikat, string> = {
  SANGAT_BAIK: 'Sangat Baik (outstanding)',
  BAIK: 'Baik (good)',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan (needs improvement)',
  KURANG: 'Kurang (poor)',
  SANGAT_KURANG: 'Sangat Kurang (very poor)',
};
export const organizationLabel: Record<OrganizationResult, string> = {
  ISTIMEWA: 'Istimewa',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang',
  SANGAT_KURANG: 'Sangat Kurang',
};
export const valueLabel: Record<(typeof berakhlak)[number], string> = {
  BERORIENTASI_PELAYANAN: 'Berorientasi Pelayanan',
  AKUNTABEL: 'Akuntabel',
  KOMPETEN: 'Kompeten',
  HARMONIS: 'Harmonis',
  LOYAL: 'Loyal',
  ADAPTIF: 'Adaptif',
  KOLABORATIF: 'Kolaboratif',
};
const roman = ['I', 'II', 'III', 'IV'];

/** "Triwulan I", "Maret", "Tahunan". */
export function periodLabel(period: string): string {
  if (period === 'ANNUAL') return 'Tahunan';
  if (period.startsWith('Q')) return `Triwulan ${roman[Number(period.slice(1)) - 1]}`;
  return DateTime.fromObject({ year: 2000, month: Number(period.slice(1)) })
    .setLocale('id')
    .toFormat('MMMM');
}

/** The months a period covers, as local dates. */
export function periodRange(period: string, year: number): { start: string; end: string } {
  const [from, to] =
    period === 'ANNUAL'
      ? [1, 12]
      : period.startsWith('Q')
        ? [(Number(period.slice(1)) - 1) * 3 + 1, Number(period.slice(1)) * 3]
        : [Number(period.slice(1)), Number(period.slice(1))];
  const start = DateTime.fromObject({ year, month: from, day: 1 });
  const end = DateTime.fromObject({ year, month: to, day: 1 }).endOf('month');
  return { start: start.toISODate()!, end: end.toISODate()! };
}

/** "31 Maret 2027" for a local date; an instant is read in the agency's zone. */
export function tanggal(dateOrInstant: string, zone: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant)
    ? DateTime.fromISO(dateOrInstant, { zone })
    : DateTime.fromISO(dateOrInstant).setZone(zone);
  return d.setLocale('id').toFormat('d MMMM yyyy');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const list = (ps: readonly Predikat[]) => ps.map((p) => predikatLabel[p]).join(' dan/atau ');

/** The pattern of an organisation result, in words. */
export function patternText(rule: CurveRule): string[] {
  return [
    ...(rule.largest ? [`${predikatLabel[rule.largest]} adalah predikat terbanyak`] : []),
    ...(rule.atMost ?? []).map((m) =>
      m.share === 0 ? `tidak ada ${list(m.of)}` : `paling banyak ${pct(m.share)} ${list(m.of)}`,
    ),
    ...(rule.atLeast ?? []).map((m) => `paling sedikit ${pct(m.share)} ${list(m.of)}`),
    ...(rule.some ? [`harus ada ${list(rule.some)}`] : []),
  ];
}

export function breachText(b: Breach): string {
  const actual = b.actual === undefined ? '' : ` (${pct(b.actual)})`;
  switch (b.code) {
    case 'NOT_LARGEST':
      return `${list(b.predikat)} bukan predikat terbanyak${actual}`;
    case 'ABOVE_MAXIMUM':
      return `${list(b.predikat)}${actual} melebihi batas ${pct(b.limit ?? 0)}`;
    case 'BELOW_MINIMUM':
      return `${list(b.predikat)}${actual} kurang dari ${pct(b.limit ?? 0)}`;
    case 'NONE_OF':
      return `tidak ada ${list(b.predikat)}`;
  }
}

export interface Person {
  name: string;
  nip: string;
  position: string;
  unitName: string;
}

export interface DocumentInput {
  agencyName: string;
  timeZone: string;
  evaluation: StoredEvaluation;
  /** The SKP's check-ins, in period order (realisasi and feedback). */
  checkins: readonly {
    period: string;
    realisasi?: RealisasiValue[];
    feedback?: {
      general?: string;
      indicators?: { indicatorId: string; text: string }[];
      rhk?: { rhkId: string; text: string }[];
      perilaku?: { value: string; text: string }[];
    };
  }[];
  ekspektasi: Partial<Record<string, string>>;
  owner: Person;
  appraiser: Person | null;
  appraiserSupervisor: Person | null;
  /** Counts and breaches left out: the reader may not see the unit's distribution yet. */
  unit: { result?: OrganizationResult; counts?: Counts; breaches?: Breach[] } | null;
  /** The appeal against it, if one was filed; the decider's profile when in the chart. */
  appeal?: StoredAppeal;
  decider?: Person | null;
  followUp?: Pick<StoredFollowUp, 'track' | 'status' | 'plan'>;
  /** When the document is produced. */
  printedAt: string;
}

const activityLabel = { TRAINING: 'pelatihan', COACHING: 'bimbingan/konseling kinerja' } as const;

/** The appeal in words: what was objected, the appraiser's side, the decision and its effect. */
export function appealSection(a: StoredAppeal, zone: string, decider: Person | null | undefined) {
  const d = a.decision;
  const who = (p: Person | null | undefined, fallback: string) => (p ? `${p.name} (NIP ${p.nip})` : fallback);
  return {
    filed: `Diajukan ${tanggal(a.filedAt, zone)} atas predikat ${predikatLabel[a.original.predikat]} (hasil diterima ${tanggal(a.deliveredAt, zone)}).`,
    reason: a.reason,
    evidence: a.evidence.map((e) => e.fileName),
    response: a.response
      ? `Tanggapan pejabat penilai (${tanggal(a.response.at, zone)}): ${a.response.text}`
      : d
        ? `Pejabat penilai tidak memberikan tanggapan sampai ${tanggal(a.respondBy, zone)}.`
        : `Tanggapan pejabat penilai ditunggu sampai ${tanggal(a.respondBy, zone)}.`,
    decision: d
      ? `${d.outcome === 'CHANGED' ? 'Keberatan DIKABULKAN' : 'Keberatan TIDAK DIKABULKAN'} oleh ${
          d.onBehalf
            ? `pengelola kinerja atas nama atasan pejabat penilai di luar struktur (keputusan ${d.decisionRef})`
            : who(decider, 'atasan pejabat penilai kinerja')
        }, ${tanggal(d.decidedAt, zone)}: ${
          d.outcome === 'CHANGED'
            ? `hasil kerja ${ratingLabel[d.hasilKerja]}, perilaku kerja ${ratingLabel[d.perilakuKerja]}; predikat diubah dari ${predikatLabel[d.previous.predikat]} menjadi ${predikatLabel[d.predikat]}`
            : `predikat tetap ${predikatLabel[d.predikat]}`
        }. Keputusan ini final.`
      : `Belum diputuskan; keputusan paling lambat ${tanggal(a.decideBy, zone)}.`,
    decisionReason: d ? `Alasan: ${d.reason}` : null,
  };
}

/** The follow-up in words. */
export function followUpText(
  f: Pick<StoredFollowUp, 'track' | 'status' | 'plan'>,
  zone: string,
): string | null {
  if (f.status === 'CANCELLED') return null;
  if (f.track === 'RECOGNITION') return 'Tindak lanjut: penghargaan atas predikat Sangat Baik.';
  if (!f.plan) return 'Tindak lanjut: rencana pengembangan kompetensi sedang disusun pejabat penilai.';
  return `Tindak lanjut: ${activityLabel[f.plan.activity]}, target ${tanggal(f.plan.targetDate, zone)}${
    f.status === 'COMPLETED' ? ' (selesai)' : ''
  }: ${f.plan.description}`;
}

export interface DocumentRow {
  no: string;
  rhk: string;
  indicator: string;
  target: string;
  realisasi: string;
  capaian: string;
  feedback: string;
}

const targetText = (t: TargetRhk['indicators'][number]['target']) =>
  'value' in t ? `${formatNumber(t.value)} ${t.unit}` : t.description;
const formatNumber = (n: number) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(n);

export function evaluationDocument(input: DocumentInput) {
  const e = input.evaluation;
  const zone = input.timeZone;
  const range = periodRange(e.period, e.year);
  const relevant =
    e.period === 'ANNUAL' ? input.checkins : input.checkins.filter((c) => c.period === e.period);
  // The year's realisasi combine the periods'; a period's are its own.
  const realisasi =
    e.period === 'ANNUAL'
      ? combinedRealisasi(
          e.targets.map((r) => ({
            indicators: r.indicators.map((i) => ({ ...i, annualTarget: i.annualTarget ?? i.target })),
          })),
          relevant.map((c) => c.realisasi ?? []),
        )
      : (relevant[0]?.realisasi ?? []);
  const capaian = capaianOf(e.targets, realisasi);
  const byIndicator = new Map(capaian.indicators.map((c) => [c.indicatorId, c]));
  const given = new Map(realisasi.map((r) => [r.indicatorId, r]));
  const feedback = [...relevant].reverse().find((c) => c.feedback)?.feedback;
  const rows: DocumentRow[] = e.targets.flatMap((r, i) =>
    r.indicators.map((ind, j) => {
      const real = given.get(ind.indicatorId);
      const c = byIndicator.get(ind.indicatorId);
      const notes = [
        ...(j === 0 ? (feedback?.rhk ?? []).filter((f) => f.rhkId === r.rhkId).map((f) => f.text) : []),
        ...(feedback?.indicators ?? []).filter((f) => f.indicatorId === ind.indicatorId).map((f) => f.text),
      ];
      return {
        no: j === 0 ? String(i + 1) : '',
        rhk: j === 0 ? `${r.text}${r.kind === 'TAMBAHAN' ? ' (tambahan)' : ''}` : '',
        indicator: ind.text,
        target: targetText(ind.target),
        realisasi:
          real?.value !== undefined && real.value !== null
            ? `${formatNumber(real.value)}${'unit' in ind.target ? ` ${ind.target.unit}` : ''}`
            : (real?.description ?? '-'),
        capaian: c?.capaian === null || c?.capaian === undefined ? '-' : `${formatNumber(c.capaian)}%`,
        feedback: notes.join(' ') || '-',
      };
    }),
  );
  const perilaku = berakhlak.map((value) => ({
    value: valueLabel[value],
    ekspektasi: input.ekspektasi[value] ?? '-',
    feedback: feedback?.perilaku?.find((f) => f.value === value)?.text ?? '-',
  }));
  const rating = e.rating;
  const unit = input.unit;
  return {
    agencyName: input.agencyName,
    title: 'DOKUMEN EVALUASI KINERJA PEGAWAI',
    period: `Periode: ${periodLabel(e.period)} ${e.year}`,
    range: `${tanggal(range.start, zone)} s.d. ${tanggal(range.end, zone)}`,
    status:
      e.status === 'FINAL'
        ? `Final; diterima pegawai ${tanggal(e.deliveredAt ?? e.updatedAt, zone)}${
            input.appeal?.decision
              ? input.appeal.decision.outcome === 'CHANGED'
                ? `; diubah atas keberatan ${tanggal(input.appeal.decision.decidedAt, zone)}`
                : `; dikuatkan atas keberatan ${tanggal(input.appeal.decision.decidedAt, zone)}`
              : input.appeal
                ? '; keberatan sedang diproses'
                : ''
          }`
        : 'DRAF: belum final, dapat berubah',
    people: [
      { role: 'Pegawai yang dinilai', person: input.owner },
      { role: 'Pejabat penilai kinerja', person: input.appraiser },
      { role: 'Atasan pejabat penilai kinerja', person: input.appraiserSupervisor },
    ],
    organization: unit
      ? {
          result: unit.result ? organizationLabel[unit.result] : 'belum ditetapkan',
          pattern: unit.result ? patternText(curve[unit.result]) : [],
          bars: unit.counts
            ? predikats.map((p) => ({ label: predikatLabel[p], count: unit.counts?.[p] ?? 0 }))
            : [],
          breaches: (unit.breaches ?? []).map(breachText),
        }
      : null,
    general: feedback?.general ?? null,
    rows,
    perilaku,
    ratings: rating
      ? {
          hasilKerja: ratingLabel[rating.hasilKerja],
          hasilKerjaNote:
            rating.hasilKerjaFrom === 'UNIT_RESULT' && rating.unitResult
              ? `mengikuti hasil kinerja organisasi (${organizationLabel[rating.unitResult]})`
              : e.suggestion?.hasilKerja
                ? `saran dari capaian: ${ratingLabel[e.suggestion.hasilKerja]}`
                : null,
          perilakuKerja: ratingLabel[rating.perilakuKerja],
          predikat: predikatLabel[rating.predikat],
          notes: rating.notes ?? null,
          changedByAppeal: rating.changedByAppeal
            ? `Diubah melalui keberatan; semula hasil kerja ${ratingLabel[rating.changedByAppeal.previous.hasilKerja]}, perilaku kerja ${ratingLabel[rating.changedByAppeal.previous.perilakuKerja]}, predikat ${predikatLabel[rating.changedByAppeal.previous.predikat]}.`
            : null,
        }
      : null,
    appeal: input.appeal ? appealSection(input.appeal, zone, input.decider) : null,
    followUp: input.followUp ? followUpText(input.followUp, zone) : null,
    curveNote:
      e.curve?.confirmed && e.curve.reason
        ? `Ditetapkan meskipun distribusi unit tidak sesuai pola (${e.curve.breaches
            .map((b) => breachText(b as Breach))
            .join('; ')}). Alasan: ${e.curve.reason}`
        : null,
    place: `${input.agencyName}, ${tanggal(e.deliveredAt ?? input.printedAt, zone)}`,
    signatures: [
      { role: 'Pegawai yang dinilai', person: input.owner },
      { role: 'Pejabat penilai kinerja', person: input.appraiser },
      // The appeal's decision is the appraiser's supervisor's (or recorded by HR on their behalf).
      ...(input.appeal?.decision
        ? [
            {
              role: 'Atasan pejabat penilai kinerja',
              person: input.appeal.decision.onBehalf ? null : (input.decider ?? null),
            },
          ]
        : []),
    ],
  };
}
export type EvaluationDocument = ReturnType<typeof evaluationDocument>;

export interface PenetapanInput {
  agencyName: string;
  timeZone: string;
  unitName: string;
  period: string;
  year: number;
  result?: OrganizationResult;
  counts: Counts;
  breaches: Breach[];
  employees: readonly { name: string; nip: string; predikat?: Predikat; status: string }[];
  /** Predikat an appeal's decision changed (the rows already show the new one). */
  appealChanges?: readonly { name: string; nip: string; from: Predikat; to: Predikat; at: string }[];
  leader: Person | null;
  decisionRef?: string;
  signedAt?: string;
  printedAt: string;
}

/** The unit's penetapan predikat: every employee's predikat, the distribution, the leader's sign-off. */
export function penetapanDocument(p: PenetapanInput) {
  return {
    agencyName: p.agencyName,
    title: 'PENETAPAN PREDIKAT KINERJA PEGAWAI',
    subtitle: `${p.unitName}, periode ${periodLabel(p.period)} ${p.year}`,
    result: p.result ? organizationLabel[p.result] : 'belum ditetapkan',
    pattern: p.result ? patternText(curve[p.result]) : [],
    bars: predikats.map((x) => ({ label: predikatLabel[x], count: p.counts[x] ?? 0 })),
    breaches: p.breaches.map(breachText),
    rows: p.employees.map((e, i) => ({
      no: String(i + 1),
      name: e.name,
      nip: e.nip,
      predikat: e.predikat ? predikatLabel[e.predikat] : '-',
      status:
        e.status === 'FINAL' ? 'final' : e.status === 'RATED' ? 'dinilai, belum final' : 'belum dinilai',
    })),
    // A decision on appeal is final and may come after the signature: the form says so.
    appealNotes: (p.appealChanges ?? []).map(
      (c) =>
        `${c.name} (NIP ${c.nip}): ${predikatLabel[c.from]} menjadi ${predikatLabel[c.to]} atas keputusan keberatan ${tanggal(c.at, p.timeZone)}${
          p.signedAt && Date.parse(c.at) > Date.parse(p.signedAt) ? ', setelah penetapan ditandatangani' : ''
        }.`,
    ),
    status: p.signedAt
      ? `Ditandatangani ${tanggal(p.signedAt, p.timeZone)}${p.decisionRef ? ` (keputusan ${p.decisionRef})` : ''}`
      : 'DRAF: belum ditandatangani',
    place: `${p.agencyName}, ${tanggal(p.signedAt ?? p.printedAt, p.timeZone)}`,
    leader: p.leader,
  };
}
export type PenetapanDocument = ReturnType<typeof penetapanDocument>;
