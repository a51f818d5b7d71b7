/**
 * The columns of the report, defined once for the CSV and the XLSX: header (Bahasa Indonesia),
 * type (how a cell is written: a NIP is always text, a number a number, a date a date in the
 * agency's zone) and how the value is read from a row. Labels of the domain's codes too.
 */
import type { Predikat, Rating } from '#config/appraisal.ts';
import type { FollowUp } from '#config/reports.ts';
import type { ActionKind } from '../action-items.ts';
import { predikatLabel, ratingLabel } from '../appraisal/document.ts';
import type { AppealState, CheckinState, EvaluationState, ReportRow, SkpState } from './rows.ts';

export type CellType = 'text' | 'nip' | 'int' | 'decimal' | 'date' | 'datetime';
export type CellValue = string | number | null;

export interface Column {
  key: string;
  header: string;
  type: CellType;
  /** Width in characters (XLSX). */
  width: number;
  value: (row: ReportRow) => CellValue;
}

export const skpLabel: Record<SkpState, string> = {
  DRAFT: 'Draf',
  SUBMITTED: 'Diajukan',
  RETURNED: 'Dikembalikan',
  APPROVED: 'Disetujui',
  NONE: 'Belum ada SKP',
};
export const checkinLabel: Record<CheckinState, string> = {
  OPEN: 'Diisi, belum diajukan',
  SUBMITTED: 'Diajukan',
  REVIEWED: 'Ditinjau',
  MISSED: 'Terlewat',
  NONE: 'Belum diisi',
};
export const evaluationLabel: Record<EvaluationState, string> = {
  PENDING: 'Belum dinilai',
  RATED: 'Dinilai',
  FINAL: 'Final',
  NONE: 'Belum dibuka',
};
export const appealLabel: Record<AppealState, string> = {
  FILED: 'Diajukan',
  RESPONDED: 'Ditanggapi',
  UPHELD: 'Diputus: tetap',
  CHANGED: 'Diputus: diubah',
};
export const followUpLabel: Record<FollowUp, string> = {
  PENGHARGAAN: 'Penghargaan',
  TIDAK_ADA: '-',
  PENGEMBANGAN: 'Pengembangan kompetensi',
  PEMBINAAN: 'Pembinaan',
};
export const stepLabel: Record<ActionKind, string> = {
  SUBMIT_SKP: 'Menyusun SKP',
  RESUBMIT_SKP: 'Memperbaiki SKP',
  APPROVE_SKP: 'Menyetujui SKP',
  SUBMIT_CHECKIN: 'Mengisi realisasi',
  REVIEW_CHECKIN: 'Memberi umpan balik',
  GIVE_PEER_INPUT: 'Masukan rekan kerja',
  RATE_EVALUATION: 'Menilai kinerja',
  SET_UNIT_RESULT: 'Menetapkan hasil kinerja organisasi',
  SIGN_PENETAPAN: 'Menandatangani penetapan predikat',
  RESPOND_APPEAL: 'Menanggapi keberatan',
  DECIDE_APPEAL: 'Memutus keberatan',
  PLAN_DEVELOPMENT: 'Menyusun rencana pengembangan',
  COMPLETE_DEVELOPMENT: 'Menyelesaikan rencana pengembangan',
};

const label = <K extends string>(map: Record<K, string>, v: K | null) => (v === null ? null : (map[v] ?? v));
const yesNo = (v: boolean | null) => (v === null ? null : v ? 'Ya' : 'Tidak');

export const reportColumns: readonly Column[] = [
  { key: 'unitId', header: 'Kode unit', type: 'text', width: 14, value: (r) => r.unitId },
  { key: 'unitName', header: 'Unit kerja', type: 'text', width: 28, value: (r) => r.unitName },
  { key: 'nip', header: 'NIP', type: 'nip', width: 20, value: (r) => r.nip },
  { key: 'name', header: 'Nama', type: 'text', width: 28, value: (r) => r.name },
  { key: 'position', header: 'Jabatan', type: 'text', width: 24, value: (r) => r.position },
  {
    key: 'appraiserNip',
    header: 'NIP pejabat penilai',
    type: 'nip',
    width: 20,
    value: (r) => r.appraiserNip,
  },
  { key: 'appraiserName', header: 'Pejabat penilai', type: 'text', width: 26, value: (r) => r.appraiserName },
  { key: 'skpStatus', header: 'Status SKP', type: 'text', width: 14, value: (r) => skpLabel[r.skpStatus] },
  { key: 'skpApprovedAt', header: 'SKP disetujui', type: 'date', width: 12, value: (r) => r.skpApprovedAt },
  {
    key: 'checkinStatus',
    header: 'Status check-in',
    type: 'text',
    width: 18,
    value: (r) => (r.skpStatus === 'NONE' ? null : checkinLabel[r.checkinStatus]),
  },
  {
    key: 'checkinSubmittedAt',
    header: 'Check-in diajukan',
    type: 'date',
    width: 12,
    value: (r) => r.checkinSubmittedAt,
  },
  {
    key: 'checkinsSubmitted',
    header: 'Periode diajukan',
    type: 'int',
    width: 9,
    value: (r) => r.checkinsSubmitted,
  },
  {
    key: 'checkinsExpected',
    header: 'Periode wajib',
    type: 'int',
    width: 9,
    value: (r) => r.checkinsExpected,
  },
  { key: 'capaian', header: 'Capaian (%)', type: 'decimal', width: 10, value: (r) => r.capaian },
  {
    key: 'hasilKerja',
    header: 'Rating hasil kerja',
    type: 'text',
    width: 20,
    value: (r) => label<Rating>(ratingLabel, r.hasilKerja),
  },
  {
    key: 'perilakuKerja',
    header: 'Rating perilaku kerja',
    type: 'text',
    width: 20,
    value: (r) => label<Rating>(ratingLabel, r.perilakuKerja),
  },
  {
    key: 'predikat',
    header: 'Predikat',
    type: 'text',
    width: 18,
    value: (r) => label<Predikat>(predikatLabel, r.predikat),
  },
  {
    key: 'evaluationStatus',
    header: 'Status evaluasi',
    type: 'text',
    width: 14,
    value: (r) => (r.skpStatus === 'NONE' ? null : evaluationLabel[r.evaluationStatus]),
  },
  { key: 'finalizedAt', header: 'Evaluasi final', type: 'date', width: 12, value: (r) => r.finalizedAt },
  {
    key: 'deliveredAt',
    header: 'Hasil diterima pegawai',
    type: 'datetime',
    width: 17,
    value: (r) => r.deliveredAt,
  },
  {
    key: 'curveBreachConfirmed',
    header: 'Di luar pola kurva (dikonfirmasi)',
    type: 'text',
    width: 12,
    value: (r) => yesNo(r.curveBreachConfirmed),
  },
  {
    key: 'appealStatus',
    header: 'Keberatan',
    type: 'text',
    width: 16,
    value: (r) => label(appealLabel, r.appealStatus),
  },
  {
    key: 'followUp',
    header: 'Tindak lanjut',
    type: 'text',
    width: 22,
    value: (r) => label<FollowUp>(followUpLabel, r.followUp),
  },
  {
    key: 'allowancePercent',
    header: 'Tunjangan kinerja (%)',
    type: 'int',
    width: 10,
    value: (r) => r.allowancePercent,
  },
  {
    key: 'angkaKreditPercent',
    header: 'Angka kredit JF (% koefisien)',
    type: 'int',
    width: 10,
    value: (r) => r.angkaKreditPercent,
  },
  {
    key: 'pendingStep',
    header: 'Langkah tertunda',
    type: 'text',
    width: 24,
    value: (r) => label<ActionKind>(stepLabel, r.pendingStep),
  },
  { key: 'pendingDueAt', header: 'Batas waktu', type: 'date', width: 12, value: (r) => r.pendingDueAt },
  { key: 'daysOverdue', header: 'Hari terlambat', type: 'int', width: 9, value: (r) => r.daysOverdue },
  {
    key: 'escalationLevel',
    header: 'Tingkat eskalasi',
    type: 'int',
    width: 9,
    value: (r) => r.escalationLevel,
  },
];
