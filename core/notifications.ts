/**
 * The text of reminders and escalations, in Bahasa Indonesia with the deadline in the agency's
 * own time (WIB, WITA, WIT), plus an English line for portals that show it.
 */
import { DateTime } from 'luxon';

const zones: Record<string, { zone: string; label: string }> = {
  '+07:00': { zone: 'Asia/Jakarta', label: 'WIB' },
  '+08:00': { zone: 'Asia/Makassar', label: 'WITA' },
  '+09:00': { zone: 'Asia/Jayapura', label: 'WIT' },
};

/** "31 Januari 2027 pukul 23.59 WIB", read from the ISO deadline's own offset. */
export function localDeadline(dueAt: string): string {
  const z = zones[dueAt.slice(-6)] ?? { zone: 'Asia/Jakarta', label: 'WIB' };
  const d = DateTime.fromISO(dueAt, { zone: z.zone }).setLocale('id');
  return `${d.toFormat('d MMMM yyyy')} pukul ${d.toFormat('HH.mm')} ${z.label}`;
}

/** An instant as the agency reads it (its zone's label), e.g. for a result delivered at `at`. */
export const localTimeIn = (at: string, timeZone: string): string =>
  localDeadline(DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone).toISO()!);

const tasks: Record<string, { id: string; en: string }> = {
  SUBMIT_SKP: { id: 'menyusun dan mengajukan SKP {year}', en: 'draft and submit the {year} SKP' },
  RESUBMIT_SKP: {
    id: 'memperbaiki dan mengajukan kembali SKP {year}',
    en: 'revise and resubmit the {year} SKP',
  },
  APPROVE_SKP: { id: 'menyetujui atau mengembalikan SKP {year}', en: 'approve or return the {year} SKP' },
  SUBMIT_CHECKIN: {
    id: 'mengisi dan mengajukan realisasi periode ini',
    en: "record and submit this period's realisasi",
  },
  REVIEW_CHECKIN: {
    id: 'memberikan umpan balik atas realisasi yang diajukan',
    en: 'give feedback on the submitted realisasi',
  },
  GIVE_PEER_INPUT: {
    id: 'memberikan masukan rekan kerja (perilaku BerAKHLAK)',
    en: 'give peer input on BerAKHLAK behaviour',
  },
  RATE_EVALUATION: {
    id: 'menilai dan menetapkan hasil evaluasi kinerja pegawai',
    en: "rate and finalize the employee's performance evaluation",
  },
  SET_UNIT_RESULT: {
    id: 'menetapkan hasil kinerja organisasi unit kerja',
    en: "set the unit's organisation result",
  },
  SIGN_PENETAPAN: {
    id: 'menandatangani penetapan predikat kinerja unit kerja',
    en: "sign the unit's penetapan predikat",
  },
};

export interface NoticeInput {
  kind: 'REMINDER' | 'ESCALATION';
  pendingKind: string;
  dueAt: string;
  year?: number;
  /** Whose step it is, and whose document. */
  ownerName: string;
  subjectName: string;
  level?: number;
  daysLeft?: number;
}

export function noticeText(n: NoticeInput): { title: string; body: string; bodyEn: string } {
  const task = tasks[n.pendingKind] ?? {
    id: `menyelesaikan ${n.pendingKind}`,
    en: `complete ${n.pendingKind}`,
  };
  const fill = (s: string) => s.replace('{year}', String(n.year ?? ''));
  const who = n.ownerName === n.subjectName ? n.ownerName : `${n.ownerName} (dokumen ${n.subjectName})`;
  const deadline = localDeadline(n.dueAt);
  if (n.kind === 'REMINDER') {
    return {
      title: `Pengingat: ${n.daysLeft} hari lagi`,
      body: `Batas waktu ${fill(task.id)} adalah ${deadline}.`,
      bodyEn: `Deadline to ${fill(task.en)}: ${n.dueAt}.`,
    };
  }
  const to = n.level === 1 ? 'atasan langsung' : 'pengelola kinerja';
  return {
    title: `Eskalasi tingkat ${n.level}: terlambat`,
    body: `${who} belum ${fill(task.id)}; batas waktunya ${deadline}. Diteruskan kepada ${to}.`,
    bodyEn: `${who} has not yet done: ${fill(task.en)} (deadline ${n.dueAt}). Escalated to ${n.level === 1 ? 'the supervisor' : 'HR'}.`,
  };
}
