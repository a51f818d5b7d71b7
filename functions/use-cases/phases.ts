/**
 * The tasks of a phase execution (one per agency and phase): plan, open the phase's items page
 * by page, process due items page by page at each wake-up, and close. Every task is idempotent:
 * a retried page opens nothing twice and sends nothing twice.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { workflowRules, type PhaseKind } from '#config/workflow.ts';
import { firstActionAt } from '#core/escalation.ts';
import { type PhaseRun, phaseSteps } from '#core/phases.ts';
import { batchGetAll } from '../adapters/batch.ts';
import { cycleCalendar } from '../adapters/cycle-store.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { publishPeriodClosed } from '../adapters/events.ts';
import { keys } from '../adapters/keys.ts';
import { type EngineStats, emptyStats, processItems } from './due-items.ts';

export interface PhaseInput {
  agencyId: string;
  year: number;
  phase: PhaseKind;
  period?: string;
  deadline: string;
  endAt: string;
}

/** The wake-up instants of this execution (the Map state iterates them). */
export function plan(run: PhaseInput) {
  return { run, steps: phaseSteps(run) };
}

type Cursor = Record<string, unknown> | undefined;
const encode = (c: Cursor) => (c ? Buffer.from(JSON.stringify(c)).toString('base64url') : null);
const decode = (c: string | null | undefined): Cursor => (c ? JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) : undefined);

/** One page of the agency's employees (gsi1), in NIP order within units. */
async function employeePage(agencyId: string, cursor: string | null | undefined) {
  const page = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.agencyEmployees(agencyId) },
      ProjectionExpression: 'nip, #n, agencyId, unitId',
      ExpressionAttributeNames: { '#n': 'name' },
      Limit: workflowRules.pageSize,
      ExclusiveStartKey: decode(cursor),
    }),
  );
  return { employees: (page.Items ?? []) as { nip: string; name: string; agencyId: string; unitId: string }[], cursor: encode(page.LastEvaluatedKey) };
}

/**
 * Opens the phase's items for one page of employees. Planning: a "draft your SKP" duty for
 * each employee who has no SKP yet (conditioned on that, so a racing SKP creation wins).
 * Periodic and annual reviews open their items from the check-in and appraisal documents.
 */
export async function openPage(input: PhaseInput, pageCursor: string | null, now: Date) {
  const { employees, cursor } = await employeePage(input.agencyId, pageCursor);
  let opened = 0;
  if (input.phase === 'PLANNING') {
    const existing = new Set(
      (await batchGetAll(employees.map((e) => keys.skp(e.nip, input.year)))).map((i) => String(i.pk).slice('EMP#'.length)),
    );
    const first = firstActionAt(input.deadline, now);
    await Promise.all(
      employees
        .filter((e) => !existing.has(e.nip))
        .map(async (e) => {
          const id = `${input.year}-${e.nip}`;
          try {
            await ddb().send(
              new TransactWriteCommand({
                TransactItems: [
                  { ConditionCheck: { TableName: tableName(), Key: keys.skp(e.nip, input.year), ConditionExpression: 'attribute_not_exists(pk)' } },
                  {
                    Put: {
                      TableName: tableName(),
                      Item: {
                        ...keys.duty(e.nip, input.year, 'PLANNING'),
                        type: 'DUTY',
                        agencyId: e.agencyId,
                        year: input.year,
                        ownerNip: e.nip,
                        ownerName: e.name,
                        pendingKind: 'SUBMIT_SKP',
                        pendingOwner: e.nip,
                        pendingDueAt: input.deadline,
                        escalationLevel: 0,
                        remindersSent: first.remindersSkipped,
                        nextActionAt: first.at,
                        actionSubject: { type: 'SKP_DUTY', year: input.year, ownerNip: e.nip, ownerName: e.name, unitId: e.unitId },
                        gsi2pk: keys.owes(e.nip),
                        gsi2sk: `${input.deadline}#DUTY#${id}`,
                        gsi3pk: keys.dueBucket(first.at, id),
                        gsi3sk: `${first.at}#DUTY#${id}`,
                        openedAt: now.toISOString(),
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ],
              }),
            );
            opened++;
          } catch (err) {
            // Already opened by an earlier try of this page, or the SKP appeared meanwhile.
            if (!(err instanceof TransactionCanceledException)) throw err;
          }
        }),
    );
  }
  return { cursor, opened, employees: employees.length };
}

/** Processes the due items of one page of employees as of `asOf` (the wake-up instant). */
export async function processPage(input: PhaseInput, pageCursor: string | null, asOf: string, now: Date) {
  const { employees, cursor } = await employeePage(input.agencyId, pageCursor);
  const stats: EngineStats = emptyStats();
  if (input.phase === 'PLANNING') {
    const items = await batchGetAll(employees.flatMap((e) => [keys.skp(e.nip, input.year), keys.duty(e.nip, input.year, 'PLANNING')]));
    // Only this phase's items: those due at the phase deadline (approvals have their own, swept).
    const mine = items.filter((i) => i.pendingDueAt === input.deadline);
    await processItems(mine, new Date(Math.max(now.getTime(), Date.parse(asOf))), stats);
  }
  return { cursor, processed: employees.length, stats };
}

/** The phase is over: record it on the cycle and tell whoever listens (period reports). */
export async function closePhase(input: PhaseInput, now: Date) {
  const calendar = await cycleCalendar(input.agencyId, input.year);
  await publishPeriodClosed({ agencyId: input.agencyId, year: input.year, phase: input.phase, ...(input.period ? { period: input.period } : {}), closedAt: now.toISOString(), timeZone: calendar?.timeZone ?? null });
  return { closed: true };
}

export type { PhaseRun };
