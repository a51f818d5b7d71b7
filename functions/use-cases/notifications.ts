/**
 * In-app notifications (`GET /v1/me/notifications`): one Query per inbox (the caller's, and for
 * HR the agency's HR inbox), newest first, merged; the cursor carries each inbox's position.
 */
import { validationFailed } from '#core/errors.ts';
import type { Deps, Doc, Page } from '#core/ports.ts';

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
    items,
    cursor: Object.keys(next).length ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}
