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
  return localTime(dueAt, 'id');
}

/**
 * An instant as people read it: "31 Januari 2027 pukul 23.59 WITA" / "31 January 2027 at 23:59
 * WITA", in the zone of its own offset (the agency's: stored times carry it); a UTC time (no agency
 * known) stays UTC.
 */
export function localTime(iso: string, lang: 'id' | 'en'): string {
  const z = iso.endsWith('Z')
    ? { zone: 'UTC', label: 'UTC' }
    : (zones[iso.slice(-6)] ?? { zone: 'UTC', label: 'UTC' });
  const d = DateTime.fromISO(iso, { zone: z.zone }).setLocale(lang);
  if (!d.isValid) return iso;
  return lang === 'id'
    ? `${d.toFormat('d MMMM yyyy')} pukul ${d.toFormat('HH.mm')} ${z.label}`
    : `${d.toFormat('d MMMM yyyy')} at ${d.toFormat('HH:mm')} ${z.label}`;
}

/** A stored instant (UTC) with the agency's offset, so messages read it in the agency's zone. */
export const inZone = (at: string, timeZone: string): string =>
  DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone).toISO() ?? at;

/** An instant as the agency reads it (its zone's label), e.g. for a result delivered at `at`. */
export const localTimeIn = (at: string, timeZone: string, lang: 'id' | 'en' = 'id'): string =>
  localTime(inZone(at, timeZone), lang);

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
  RESPOND_APPEAL: {
    id: 'memberikan tanggapan atas keberatan pegawai terhadap hasil evaluasi',
    en: "respond to the employee's appeal against the evaluation",
  },
  DECIDE_APPEAL: {
    id: 'memutuskan keberatan pegawai atas hasil evaluasi kinerja',
    en: "decide the employee's appeal against the evaluation",
  },
  PLAN_DEVELOPMENT: {
    id: 'menyusun rencana pengembangan (pelatihan atau bimbingan) bagi pegawai',
    en: 'draw up a development plan (training or coaching) for the employee',
  },
  COMPLETE_DEVELOPMENT: {
    id: 'mencatat penyelesaian rencana pengembangan pegawai',
    en: "record the completion of the employee's development plan",
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

export function noticeText(n: NoticeInput): { title: string; titleEn: string; body: string; bodyEn: string } {
  const task = tasks[n.pendingKind] ?? {
    id: `menyelesaikan ${n.pendingKind}`,
    en: `complete ${n.pendingKind}`,
  };
  const fill = (s: string) => s.replace('{year}', String(n.year ?? ''));
  const same = n.ownerName === n.subjectName;
  const who = same ? n.ownerName : `${n.ownerName} (dokumen ${n.subjectName})`;
  const whoEn = same ? n.ownerName : `${n.ownerName} (${n.subjectName}'s document)`;
  const deadline = localDeadline(n.dueAt);
  const deadlineEn = localTime(n.dueAt, 'en');
  if (n.kind === 'REMINDER') {
    return {
      title: `Pengingat: ${n.daysLeft} hari lagi`,
      titleEn: `Reminder: ${n.daysLeft} ${n.daysLeft === 1 ? 'day' : 'days'} left`,
      body: `Batas waktu ${fill(task.id)} adalah ${deadline}.`,
      bodyEn: `Deadline to ${fill(task.en)}: ${deadlineEn}.`,
    };
  }
  const to = n.level === 1 ? 'atasan langsung' : 'pengelola kinerja';
  return {
    title: `Eskalasi tingkat ${n.level}: terlambat`,
    titleEn: `Escalation level ${n.level}: overdue`,
    body: `${who} belum ${fill(task.id)}; batas waktunya ${deadline}. Diteruskan kepada ${to}.`,
    bodyEn: `${whoEn} has not yet done: ${fill(task.en)} (deadline ${deadlineEn}). Escalated to ${n.level === 1 ? 'the supervisor' : 'HR'}.`,
  };
}

// ---- events: notices of what happened (approved, returned, feedback, a peer request, ...) ------

/** A notice's text in both languages; `{name}` placeholders are filled from its params. */
export interface EventTemplate {
  title: { id: string; en: string };
  body: { id: string; en: string };
}

/**
 * The events people are told of, sent with `eventNotice` of the use cases. A document kind's
 * events are listed here (not registered by the kind's module) so the API's `event` enum is
 * complete in every bundle; `defineEventNotice` is for tests and extensions.
 */
const eventTemplates: Record<string, EventTemplate> = {
  SKP_APPROVED: {
    title: { id: 'SKP {year} disetujui', en: 'Your {year} SKP was approved' },
    body: {
      id: 'SKP {year} Anda telah disetujui. Realisasi dapat dicatat pada setiap periode.',
      en: 'Your {year} SKP was approved. Realisasi can now be recorded each period.',
    },
  },
  SKP_RETURNED: {
    title: { id: 'SKP {year} dikembalikan untuk diperbaiki', en: 'Your {year} SKP was returned' },
    body: {
      id: 'SKP {year} Anda dikembalikan dengan alasan: "{reason}". Perbaiki lalu ajukan kembali paling lambat {dueAt}.',
      en: 'Your {year} SKP was returned: "{reason}". Revise and resubmit it by {dueAtEn}.',
    },
  },
  FEEDBACK_GIVEN: {
    title: { id: 'Umpan balik periode {period}', en: 'Feedback on period {period}' },
    body: {
      id: 'Pejabat penilai kinerja memberikan umpan balik atas realisasi periode {period} SKP {year} Anda.',
      en: 'Your appraiser gave feedback on your realisasi of period {period} ({year} SKP).',
    },
  },
  RESULT_DELIVERED: {
    title: { id: 'Hasil evaluasi kinerja {period}', en: 'Your performance result for {periodEn}' },
    body: {
      id: 'Predikat kinerja Anda untuk {period}: {predikat}. Dokumen evaluasi dapat diunduh; keberatan dapat diajukan sejak hasil ini diterima ({deliveredAt}) sampai {appealUntil}.',
      en: 'Your performance rating for {periodEn}: {predikatEn}. The evaluation document can be downloaded; an appeal may be filed from this delivery ({deliveredAtEn}) until {appealUntilEn}.',
    },
  },
  // To the appraiser (who responds) and the decider (the appraiser's supervisor, or HR).
  APPEAL_FILED: {
    title: { id: 'Keberatan atas hasil evaluasi {period}', en: 'Appeal against the result of {periodEn}' },
    body: {
      id: '{ownerName} mengajukan keberatan atas predikat {predikat} ({period}). Tanggapan pejabat penilai kinerja paling lambat {respondBy}; keputusan paling lambat {decideBy}.',
      en: '{ownerName} appealed the {predikatEn} rating ({periodEn}). The appraiser responds by {respondByEn}; the decision is due by {decideByEn}.',
    },
  },
  APPEAL_DECIDED: {
    title: { id: 'Keputusan atas keberatan Anda ({period})', en: 'The decision on your appeal ({periodEn})' },
    body: {
      id: '{outcome} Keputusan ini final. Alasan: {reason}',
      en: '{outcomeEn} This decision is final. Reason: {reason}',
    },
  },
  PEER_INPUT_REQUESTED: {
    title: { id: 'Permintaan masukan rekan kerja', en: 'Peer input requested' },
    body: {
      id: 'Anda diminta memberikan masukan perilaku kerja (BerAKHLAK) untuk {ownerName}, periode {period}, paling lambat {dueAt}.',
      en: 'You are asked for BerAKHLAK input on {ownerName}, period {period}, by {dueAtEn}.',
    },
  },
};

/** Adds the notice of a later kind's event (its title and body in both languages). */
export function defineEventNotice(event: string, template: EventTemplate): void {
  if (eventTemplates[event]) throw new Error(`event notice ${event} is defined twice`);
  eventTemplates[event] = template;
}

export const eventKinds = (): string[] => Object.keys(eventTemplates);

export function eventText(
  event: string,
  params: Readonly<Record<string, string | number>>,
): { title: string; titleEn: string; body: string; bodyEn: string } {
  const t = eventTemplates[event];
  if (!t) throw new Error(`no notice defined for event ${event}`);
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  return {
    title: fill(t.title.id),
    titleEn: fill(t.title.en),
    body: fill(t.body.id),
    bodyEn: fill(t.body.en),
  };
}

// ---- what a notice or an action item is about, and where it is ---------------------------------

export interface Subject {
  type: string;
  skpId?: string;
  period?: string;
  year?: number;
  ownerNip?: string;
  ownerName?: string;
  agencyId?: string;
  unitId?: string;
  /** EVALUATION, once delivered: the result (APPEAL decided, FOLLOW_UP: the rating it follows). */
  predikat?: string;
  /** APPEAL, once decided: UPHELD or CHANGED. */
  outcome?: string;
}

/** The API path of what a notice or an item is about (a portal maps it to its own screen). */
export function linkOf(subject: Subject): string {
  const skp = subject.skpId ? `/v1/skp/${subject.skpId}` : undefined;
  switch (subject.type) {
    case 'SKP':
      return skp ?? '/v1/me/action-items';
    case 'CHECKIN':
      return skp && subject.period ? `${skp}/periods/${subject.period}` : '/v1/me/action-items';
    case 'PEER_INPUT':
      return skp && subject.period ? `${skp}/periods/${subject.period}/peer-input` : '/v1/me/action-items';
    case 'SKP_DUTY':
      // Nothing to open yet: the SKP is drafted with POST /v1/skp.
      return '/v1/skp';
    case 'CHECKIN_DUTY':
      return skp && subject.period ? `${skp}/periods/${subject.period}` : '/v1/me/action-items';
    case 'EVALUATION':
      return skp && subject.period ? `${skp}/periods/${subject.period}/evaluation` : '/v1/me/action-items';
    case 'APPEAL':
      return skp && subject.period ? `${skp}/periods/${subject.period}/appeal` : '/v1/me/action-items';
    case 'FOLLOW_UP':
      return skp && subject.period ? `${skp}/periods/${subject.period}/follow-up` : '/v1/me/action-items';
    case 'UNIT_RESULT':
      return subject.agencyId && subject.year && subject.unitId && subject.period
        ? `/v1/agencies/${subject.agencyId}/cycles/${subject.year}/units/${subject.unitId}/distribution?period=${subject.period}`
        : '/v1/me/action-items';
    default:
      return skp ?? '/v1/me/action-items';
  }
}

/** The title of an action item: what to do, about whose document ("Setujui SKP 2027 Andi"). */
export function actionTitle(pendingKind: string, subject: Subject, lang: 'id' | 'en'): string {
  const task = tasks[pendingKind] ?? { id: `menyelesaikan ${pendingKind}`, en: `complete ${pendingKind}` };
  const text = task[lang].replace('{year}', String(subject.year ?? '')).replace(/\s+/g, ' ');
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  const whose = subject.ownerName
    ? lang === 'id'
      ? ` — ${subject.ownerName}`
      : ` — ${subject.ownerName}`
    : '';
  const period = subject.period && pendingKind !== 'SUBMIT_SKP' ? ` (${subject.period})` : '';
  return `${first}${period}${whose}`;
}
