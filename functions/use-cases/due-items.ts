/**
 * The reminder and escalation engine, shared by the phase executions and the hourly sweep.
 * Each step is one transaction: the item's step moves on (conditioned on the state the step was
 * decided from) and the notifications go to the inboxes with it, so a retried or concurrent run
 * can never send the same reminder or escalation twice.
 */
import { createHash } from 'node:crypto';
import { hasOpenStep, hrInbox, moveStep, type OpenStepFields } from '#core/action-items.ts';
import { DomainError } from '#core/errors.ts';
import { nextStep, type Step } from '#core/escalation.ts';
import { absent, and, eq, or } from '#core/expr.ts';
import { type DocKind, idOfDoc } from '#core/kinds.ts';
import { noticeText } from '#core/notifications.ts';
import type { Deps, Doc, TxOp } from '#core/ports.ts';

export interface EngineStats {
  reminders: number;
  escalations: number;
  notifications: number;
  /** Steps another run had already taken (the condition refused ours). */
  alreadyDone: number;
}

export const emptyStats = (): EngineStats => ({
  reminders: 0,
  escalations: 0,
  notifications: 0,
  alreadyDone: 0,
});

export const addStats = (total: EngineStats, more: EngineStats) => {
  for (const k of Object.keys(total) as (keyof EngineStats)[]) total[k] += more[k];
};

type Item = Doc & OpenStepFields & { agencyId: string; type: DocKind };

/** Who hears of a step: the owner before the deadline; then the supervisor; then HR. */
function recipients(step: Step, item: Item, supervisorNip: string | null): string[] {
  const hr = hrInbox(item.agencyId);
  // A step HR owes (the agency head's SKP approval) stays with HR at every level.
  if (item.pendingOwner === hr) return [hr];
  if (step.kind === 'REMIND') return [item.pendingOwner];
  if (step.level === 1) return [item.pendingOwner, supervisorNip ?? hr];
  return [item.pendingOwner, ...(supervisorNip ? [supervisorNip] : []), hr];
}

/** Supervisor NIP and name of each owner (one BatchGet per 100 owners). */
async function profiles(deps: Pick<Deps, 'store'>, nips: string[]) {
  const people = [...new Set(nips)].filter((n) => /^\d{18}$/.test(n));
  const found = await deps.store.getMany(
    people.map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
    ['nip', 'name', 'supervisorNip'],
  );
  return new Map(
    found
      .filter((p): p is Doc => p !== undefined)
      .map((p) => [
        String(p.nip),
        { name: String(p.name), supervisorNip: (p.supervisorNip as string | null) ?? null },
      ]),
  );
}

/** Applies the step due now to each open item among `items`. */
export async function processItems(
  deps: Pick<Deps, 'store' | 'metrics'>,
  items: readonly Doc[],
  now: Date,
  stats: EngineStats,
): Promise<void> {
  const due = items.flatMap((doc) => {
    if (!hasOpenStep(doc) || !idOfDoc(doc)) return [];
    const item = doc as Item;
    const step = nextStep(
      {
        pendingDueAt: item.pendingDueAt,
        escalationLevel: item.escalationLevel ?? 0,
        remindersSent: item.remindersSent ?? 0,
      },
      now,
    );
    return step ? [{ item, step }] : [];
  });
  if (!due.length) return;
  const people = await profiles(
    deps,
    due.flatMap(({ item }) => [item.pendingOwner, ...(item.ownerNip ? [String(item.ownerNip)] : [])]),
  );
  const refused = new DomainError('CONFLICT', 'STEP_ALREADY_TAKEN');

  await Promise.all(
    due.map(async ({ item, step }) => {
      const owner = people.get(item.pendingOwner);
      const subjectOwner = (item.ownerNip as string | undefined) ?? item.pendingOwner;
      const text = noticeText({
        kind: step.kind === 'REMIND' ? 'REMINDER' : 'ESCALATION',
        pendingKind: item.pendingKind,
        dueAt: item.pendingDueAt,
        year: item.year as number | undefined,
        ownerName: owner?.name ?? item.pendingOwner,
        subjectName: people.get(subjectOwner)?.name ?? (item.ownerName as string | undefined) ?? subjectOwner,
        ...(step.kind === 'ESCALATE' ? { level: step.level } : { daysLeft: step.daysLeft }),
      });
      const at = now.toISOString();
      const stepId = step.kind === 'REMIND' ? `R${step.number}` : `E${step.level}`;
      const itemKey = `${item.type}|${JSON.stringify(idOfDoc(item))}`;
      const noticeId = createHash('sha256')
        .update(`${itemKey}|${item.pendingDueAt}|${stepId}`)
        .digest('hex')
        .slice(0, 16);
      const notices: TxOp[] = recipients(step, item, owner?.supervisorNip ?? null).map((recipient) => ({
        type: 'put',
        ref: { kind: 'NOTIFICATION', id: { recipient, createdAt: at, noticeId } },
        doc: {
          noticeId,
          recipient,
          agencyId: item.agencyId,
          kind: step.kind === 'REMIND' ? 'REMINDER' : 'ESCALATION',
          ...(step.kind === 'ESCALATE' ? { level: step.level } : { reminder: step.number }),
          pendingKind: item.pendingKind,
          dueAt: item.pendingDueAt,
          subject: (item.actionSubject as Record<string, unknown> | undefined) ?? {
            type: item.type,
            id: item.skpId ?? itemKey,
            ownerNip: subjectOwner,
          },
          ...text,
          createdAt: at,
        },
      }));
      try {
        await deps.store.commit(
          [
            {
              type: 'update',
              ref: { kind: item.type, id: idOfDoc(item)! },
              // Decided from this state: if another run moved it on, this step is theirs.
              when: and(
                eq('pendingOwner', item.pendingOwner),
                eq('pendingDueAt', item.pendingDueAt),
                or(absent('escalationLevel'), eq('escalationLevel', item.escalationLevel ?? 0)),
                or(absent('remindersSent'), eq('remindersSent', item.remindersSent ?? 0)),
              ),
              changes: moveStep(step, at, Number(item.escalationReached ?? 0)),
              explain: () => refused,
            },
            ...notices,
          ],
          { result: undefined },
        );
        if (step.kind === 'REMIND') stats.reminders++;
        else stats.escalations++;
        stats.notifications += notices.length;
        deps.metrics.count(step.kind === 'REMIND' ? 'RemindersSent' : 'Escalations');
      } catch (err) {
        if (err === refused) {
          stats.alreadyDone++;
          return;
        }
        throw err;
      }
    }),
  );
}
