/**
 * In-app notifications (`GET /v1/me/notifications`): one Query per inbox (the caller's, and for
 * HR the agency's HR inbox), newest first, merged; the cursor carries each inbox's position.
 */
import { hrInbox } from '#core/action-items.ts';
import { type Actor, hasRole } from '#core/actor.ts';
import { DomainError, notFound, validationFailed } from '#core/errors.ts';
import { absent, and, eq, exists } from '#core/expr.ts';
import { linkOf, type Subject } from '#core/notifications.ts';
import type { Deps, Doc, Page } from '#core/ports.ts';

/** The inboxes a caller reads: their own, and for HR the agency's HR inbox. */
export const inboxesOf = (actor: Actor) => [
  actor.nip,
  ...(hasRole(actor, 'HR') ? [hrInbox(actor.agencyId)] : []),
];

/** A notification's id as the API gives it: opaque, naming its inbox and its place in it. */
export const notificationIdOf = (n: { recipient: string; createdAt: string; noticeId: string }) =>
  Buffer.from(JSON.stringify([n.recipient, n.createdAt, n.noticeId])).toString('base64url');

function parseNotificationId(
  id: string,
): { recipient: string; createdAt: string; noticeId: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string' && x.length < 200))
      return { recipient: v[0], createdAt: v[1], noticeId: v[2] };
  } catch {}
  return undefined;
}

/** A stored notification as the API shows it: its id, link and read mark (older ones lack them). */
export const notificationView = (d: Doc) => ({
  ...d,
  // Delivery notices written before event notices existed say their event as their kind.
  ...(d.kind === 'RESULT_DELIVERED' ? { kind: 'EVENT', event: 'RESULT_DELIVERED' } : {}),
  id: notificationIdOf(d as { recipient: string; createdAt: string; noticeId: string }),
  link: (d.link as string | undefined) ?? linkOf((d.subject as Subject | undefined) ?? { type: 'UNKNOWN' }),
  readAt: (d.readAt as string | undefined) ?? null,
});

/**
 * `POST /v1/me/notifications/{id}/read`: one conditional update of the notification in one of
 * the caller's inboxes; marking it again answers the first read time and changes nothing. The
 * read mark is recorded on the notification itself (who and when), not in an audit chain: it
 * changes no document of the cycle, and notifications expire (TTL).
 */
export async function markRead(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, id: string) {
  const key = parseNotificationId(id);
  if (!key || !inboxesOf(actor).includes(key.recipient)) throw notFound('NOTIFICATION_NOT_FOUND');
  const at = deps.clock.now().toISOString();
  const already = new DomainError('CONFLICT', 'ALREADY_READ');
  let readAt = at;
  try {
    await deps.store.commit(
      [
        {
          type: 'update',
          ref: { kind: 'NOTIFICATION', id: key },
          when: and(exists('noticeId'), eq('recipient', key.recipient), absent('readAt')),
          changes: { set: { readAt: at, readBy: actor.nip } },
          explain: (current) => {
            if (!current) return notFound('NOTIFICATION_NOT_FOUND');
            readAt = String(current.readAt);
            return already;
          },
        },
      ],
      { result: undefined },
    );
  } catch (err) {
    if (err !== already) throw err;
  }
  return { id, readAt };
}

function decode(cursor: string | undefined, inboxes: readonly string[]): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (c && typeof c === 'object' && !Array.isArray(c)) {
      const entries = Object.entries(c as Record<string, unknown>);
      if (
        entries.length &&
        entries.every(([k, v]) => inboxes.includes(k) && typeof v === 'string' && v.length < 2048)
      ) {
        return c as Record<string, string>;
      }
    }
  } catch {}
  throw validationFailed([{ path: 'cursor', code: 'BAD_CURSOR' }]);
}

export async function listNotifications(
  deps: Pick<Deps, 'store'>,
  inboxes: readonly string[],
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Doc>> {
  const starts = decode(page.cursor, inboxes);
  const pages = await Promise.all(
    inboxes
      .filter((inbox) => !starts || starts[inbox] !== undefined)
      .map(async (inbox) => {
        const out = await deps.store.list(
          { kind: 'NOTIFICATION', pattern: 'inbox', params: { recipient: inbox } },
          { limit: page.limit, cursor: starts?.[inbox] },
        );
        return { inbox, out };
      }),
  );
  const items = pages
    .flatMap((p) => p.out.items)
    .sort((a, b) => `${b.createdAt}#${b.noticeId}`.localeCompare(`${a.createdAt}#${a.noticeId}`));
  const next = Object.fromEntries(pages.filter((p) => p.out.cursor).map((p) => [p.inbox, p.out.cursor!]));
  return {
    items: items.map(notificationView),
    cursor: Object.keys(next).length ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}
