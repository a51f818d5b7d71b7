/**
 * What a person owes (`GET /v1/me/action-items`): one Query on the index of open steps, over
 * every kind of document that can hold one, soonest due first.
 */
import type { Lang } from '#core/messages.ts';
import { actionTitle, linkOf, type Subject } from '#core/notifications.ts';
import type { Deps, Doc, Page } from '#core/ports.ts';

export interface ActionItem {
  kind: string;
  title: string;
  link: string;
  dueAt: string;
  escalationLevel: number;
  subject: Record<string, unknown>;
}

/** What an item is about: a small map kept on the document, or for an SKP, the SKP itself. */
function subjectOf(doc: Doc): Record<string, unknown> {
  if (doc.type === 'SKP') {
    return {
      type: 'SKP',
      skpId: doc.skpId,
      year: doc.year,
      ownerNip: doc.ownerNip,
      ownerName: doc.ownerName,
      unitId: doc.unitId,
      status: doc.status,
    };
  }
  return (doc.actionSubject as Record<string, unknown> | undefined) ?? { type: doc.type };
}

export async function actionItems(
  deps: Pick<Deps, 'store'>,
  owner: string,
  page: { limit: number; cursor?: string | undefined },
  lang: Lang = 'id',
): Promise<Page<ActionItem>> {
  const out = await deps.store.list({ kind: 'STEP', pattern: 'owedBy', params: { owner } }, page);
  return {
    items: out.items.map((doc) => {
      const subject = subjectOf(doc);
      return {
        kind: String(doc.pendingKind),
        title: actionTitle(String(doc.pendingKind), subject as unknown as Subject, lang),
        link: linkOf(subject as unknown as Subject),
        dueAt: String(doc.pendingDueAt),
        escalationLevel: Number(doc.escalationLevel ?? 0),
        subject,
      };
    }),
    cursor: out.cursor,
  };
}
