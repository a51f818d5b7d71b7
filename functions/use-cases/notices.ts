/**
 * Event notices: telling people what happened to their documents (an SKP approved or returned,
 * feedback given, peer input asked of them; later kinds add theirs, e.g. a result delivered).
 * One function gives the operations, which the caller puts in the same transaction as the change
 * itself, so a notice exists exactly when the change does (and a replayed request adds none).
 * The inbox, the read mark and the daily e-mail digest treat them like reminders.
 */
import { createHash } from 'node:crypto';
import { eventText, linkOf, type Subject } from '#core/notifications.ts';
import type { TxOp } from '#core/ports.ts';

export interface EventNotice {
  /** An event with a template in core/notifications.ts (or added by `defineEventNotice`). */
  event: string;
  recipients: readonly string[];
  agencyId: string;
  subject: Subject;
  /** Placeholders of the template. */
  params: Readonly<Record<string, string | number>>;
  /** When it happened (ISO, from the one clock). */
  at: string;
  /** What makes this occurrence unique (e.g. the document's new version): one notice per occurrence. */
  occurrence: string;
}

/** The operations that deliver a notice to each recipient's inbox. */
export function eventNotice(n: EventNotice): TxOp[] {
  const text = eventText(n.event, n.params);
  const noticeId = createHash('sha256')
    .update(`${n.event}|${n.subject.type}|${n.subject.skpId ?? ''}|${n.subject.period ?? ''}|${n.occurrence}`)
    .digest('hex')
    .slice(0, 16);
  return [...new Set(n.recipients)].map((recipient) => ({
    type: 'put' as const,
    ref: { kind: 'NOTIFICATION' as const, id: { recipient, createdAt: n.at, noticeId } },
    doc: {
      noticeId,
      recipient,
      agencyId: n.agencyId,
      kind: 'EVENT',
      event: n.event,
      subject: n.subject,
      link: linkOf(n.subject),
      ...text,
      createdAt: n.at,
    },
  }));
}
