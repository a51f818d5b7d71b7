/**
 * The reminder and escalation engine, shared by the phase executions and the hourly sweep.
 * Each step is one transaction: the item's escalation state moves on (conditioned on the state
 * the step was decided from) and the notifications go to the outbox with it, so a retried or
 * concurrent run can never send the same reminder or escalation twice.
 */

import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { workflowRules } from '#config/workflow.ts';
import { nextStep, type Step } from '#core/escalation.ts';
import { noticeText } from '#core/notifications.ts';
import { batchGetAll } from '../adapters/batch.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { keys } from '../adapters/keys.ts';

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

/** Totals of this process (the local runtime and the simulation report them). */
export const engineTotals: EngineStats = emptyStats();

type Item = Record<string, unknown> & {
  pk: string;
  sk: string;
  agencyId: string;
  pendingKind: string;
  pendingOwner: string;
  pendingDueAt: string;
  escalationLevel?: number;
  remindersSent?: number;
};

const isOpen = (i: Record<string, unknown>): i is Item =>
  typeof i.pendingOwner === 'string' && typeof i.pendingDueAt === 'string' && typeof i.gsi2pk === 'string';

/** Supervisor NIP and name of each owner (one BatchGet per 100 owners). */
async function profiles(
  nips: string[],
): Promise<Map<string, { name: string; supervisorNip: string | null }>> {
  const people = [...new Set(nips)].filter((n) => /^\d{18}$/.test(n));
  const found = await batchGetAll(people.map(keys.employee), {
    projection: 'nip, #n, supervisorNip',
    names: { '#n': 'name' },
  });
  return new Map(
    found.map((p) => [
      p.nip as string,
      { name: p.name as string, supervisorNip: (p.supervisorNip as string) ?? null },
    ]),
  );
}

/** Who hears of a step: the owner before the deadline; then the supervisor; then HR. */
function recipients(step: Step, item: Item, supervisorNip: string | null): string[] {
  const hr = keys.hrRecipient(item.agencyId);
  // A step HR owes (the agency head's SKP approval) stays with HR at every level.
  if (item.pendingOwner === hr) return [hr];
  if (step.kind === 'REMIND') return [item.pendingOwner];
  if (step.level === 1) return [item.pendingOwner, supervisorNip ?? hr];
  return [item.pendingOwner, ...(supervisorNip ? [supervisorNip] : []), hr];
}

/** Applies the step due now to each open item among `items`. */
export async function processItems(
  items: Record<string, unknown>[],
  now: Date,
  stats: EngineStats,
): Promise<void> {
  const due = items.filter(isOpen).flatMap((item) => {
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
    due.flatMap(({ item }) => [item.pendingOwner, ...(item.ownerNip ? [item.ownerNip as string] : [])]),
  );

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
      const id = createHash('sha256')
        .update(`${item.pk}|${item.sk}|${item.pendingDueAt}|${stepId}`)
        .digest('hex')
        .slice(0, 16);
      const notices = recipients(step, item, owner?.supervisorNip ?? null).map((recipient) => ({
        Put: {
          TableName: tableName(),
          Item: {
            pk: keys.inbox(recipient),
            sk: `${at}#${id}`,
            type: 'NOTIFICATION',
            recipient,
            agencyId: item.agencyId,
            kind: step.kind === 'REMIND' ? 'REMINDER' : 'ESCALATION',
            ...(step.kind === 'ESCALATE' ? { level: step.level } : { reminder: step.number }),
            pendingKind: item.pendingKind,
            dueAt: item.pendingDueAt,
            subject: item.actionSubject ?? {
              type: item.type,
              id: item.skpId ?? item.sk,
              ownerNip: subjectOwner,
            },
            ...text,
            createdAt: at,
            gsi1pk: keys.mailQueue(at.slice(0, 10)),
            gsi1sk: `${recipient}#${at}#${id}`,
            expiresAt: Math.floor(now.getTime() / 1000) + workflowRules.notificationTtlDays * 86400,
          },
        },
      }));
      const next = step.nextActionAt;
      const indexId = String(item.skpId ?? `${item.pk}#${item.sk}`);
      try {
        await ddb().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName(),
                  Key: { pk: item.pk, sk: item.sk },
                  // Decided from this state: if another run moved it on, this step is theirs.
                  ConditionExpression:
                    'pendingOwner = :owner AND pendingDueAt = :due AND (attribute_not_exists(escalationLevel) OR escalationLevel = :lvl) AND (attribute_not_exists(remindersSent) OR remindersSent = :rs)',
                  UpdateExpression:
                    step.kind === 'REMIND'
                      ? 'SET remindersSent = :n, nextActionAt = :next, gsi3pk = :g3pk, gsi3sk = :g3sk'
                      : next
                        ? 'SET escalationLevel = :n, escalatedAt = :at, nextActionAt = :next, gsi3pk = :g3pk, gsi3sk = :g3sk'
                        : 'SET escalationLevel = :n, escalatedAt = :at REMOVE nextActionAt, gsi3pk, gsi3sk',
                  ExpressionAttributeValues: {
                    ':owner': item.pendingOwner,
                    ':due': item.pendingDueAt,
                    ':lvl': item.escalationLevel ?? 0,
                    ':rs': item.remindersSent ?? 0,
                    ':n': step.kind === 'REMIND' ? step.number : step.level,
                    ...(step.kind === 'ESCALATE' ? { ':at': at } : {}),
                    ...(next
                      ? {
                          ':next': next,
                          ':g3pk': keys.dueBucket(next, indexId),
                          ':g3sk': `${next}#${indexId}`,
                        }
                      : {}),
                  },
                },
              },
              ...notices,
            ],
          }),
        );
        for (const s of stats === engineTotals ? [stats] : [stats, engineTotals]) {
          if (step.kind === 'REMIND') s.reminders++;
          else s.escalations++;
          s.notifications += notices.length;
        }
      } catch (err) {
        if (
          err instanceof TransactionCanceledException &&
          err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
        ) {
          stats.alreadyDone++;
          if (stats !== engineTotals) engineTotals.alreadyDone++;
          return;
        }
        throw err;
      }
    }),
  );
}
