/**
 * The tasks of a phase execution (one per agency and phase): plan, open the phase's items page
 * by page, process due items page by page at each wake-up, and close. Every task is idempotent:
 * a retried page opens nothing twice and sends nothing twice.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type PhaseKind, workflowRules } from '#config/workflow.ts';
import { checkinWindow } from '#core/checkin.ts';
import { firstActionAt } from '#core/escalation.ts';
import { type PhaseRun, phaseSteps } from '#core/phases.ts';
import { stepAttributes } from '../adapters/action-items.ts';
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
const decode = (c: string | null | undefined): Cursor =>
  c ? JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) : undefined;

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
  return {
    employees: (page.Items ?? []) as { nip: string; name: string; agencyId: string; unitId: string }[],
    cursor: encode(page.LastEvaluatedKey),
  };
}

/**
 * Opens the phase's items for one page of employees: each duty conditioned on its document not
 * existing yet, so a racing SKP or check-in creation wins (and deletes the duty).
 */
async function openOnePage(input: PhaseInput, pageCursor: string | null, now: Date) {
  const { employees, cursor } = await employeePage(input.agencyId, pageCursor);
  let opened = 0;
  const duty = await dutyPlan(input, employees);
  if (duty) {
    const first = firstActionAt(duty.dueAt, now);
    await Promise.all(
      duty.owing.map(async (e) => {
        const id = `${input.year}-${input.period ?? 'PLANNING'}-${e.nip}`;
        try {
          await ddb().send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName(),
                    Key: duty.document(e.nip),
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: tableName(),
                    Item: {
                      ...keys.duty(e.nip, input.year, input.period ?? 'PLANNING'),
                      type: 'DUTY',
                      agencyId: e.agencyId,
                      year: input.year,
                      ownerNip: e.nip,
                      ownerName: e.name,
                      pendingKind: duty.kind,
                      pendingOwner: e.nip,
                      pendingDueAt: duty.dueAt,
                      escalationLevel: 0,
                      remindersSent: first.remindersSkipped,
                      nextActionAt: first.at,
                      actionSubject: {
                        type: duty.subjectType,
                        year: input.year,
                        ...(input.period ? { period: input.period, skpId: duty.skpIds.get(e.nip) } : {}),
                        ownerNip: e.nip,
                        ownerName: e.name,
                        unitId: e.unitId,
                      },
                      gsi2pk: keys.owes(e.nip),
                      gsi2sk: `${duty.dueAt}#DUTY#${id}`,
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

/**
 * Who owes what when a phase opens. Planning: a "draft your SKP" duty for each employee with no
 * SKP yet. A period review: a "record your realisasi" duty for each employee with an approved SKP
 * and an appraiser (the check-in needs one) who has not opened the period's check-in; it is due
 * when the check-in window closes. Annual review and appeals open theirs from their documents.
 */
async function dutyPlan(
  input: PhaseInput,
  employees: { nip: string; name: string; agencyId: string; unitId: string }[],
) {
  if (input.phase === 'PLANNING') {
    const skps = await batchGetAll(
      employees.map((e) => keys.skp(e.nip, input.year)),
      { projection: 'pk' },
    );
    const has = new Set(skps.map((i) => String(i.pk)));
    return {
      kind: 'SUBMIT_SKP',
      subjectType: 'SKP_DUTY',
      dueAt: input.deadline,
      owing: employees.filter((e) => !has.has(`EMP#${e.nip}`)),
      document: (nip: string) => keys.skp(nip, input.year),
      skpIds: new Map<string, string>(),
    };
  }
  if (input.phase === 'PERIOD_REVIEW' && input.period) {
    const calendar = await cycleCalendar(input.agencyId, input.year);
    const window = calendar && checkinWindow(calendar, input.year, input.period);
    if (!window) return undefined;
    const items = await batchGetAll(
      employees.flatMap((e) => [keys.skp(e.nip, input.year), keys.checkin(e.nip, input.year, input.period!)]),
      {
        projection: 'pk, sk, skpId, approvedContent.approach, appraiserNip',
      },
    );
    const opened = new Set(items.filter((i) => String(i.sk).startsWith('CHECKIN#')).map((i) => String(i.pk)));
    const approved = new Map(
      items
        .filter((i) => String(i.sk).startsWith('SKP#') && i.approvedContent && i.appraiserNip)
        .map((i) => [String(i.pk), String(i.skpId)]),
    );
    return {
      kind: 'SUBMIT_CHECKIN',
      subjectType: 'CHECKIN_DUTY',
      dueAt: window.closesAt,
      owing: employees.filter((e) => approved.has(`EMP#${e.nip}`) && !opened.has(`EMP#${e.nip}`)),
      document: (nip: string) => keys.checkin(nip, input.year, input.period!),
      skpIds: new Map(employees.map((e) => [e.nip, approved.get(`EMP#${e.nip}`) ?? ''])),
    };
  }
  return undefined;
}

/** The items a phase looks after for one employee: its duty and the document it is about. */
const phaseItemKeys = (input: PhaseInput, nip: string) =>
  input.phase === 'PLANNING'
    ? [keys.skp(nip, input.year), keys.duty(nip, input.year, 'PLANNING')]
    : input.phase === 'PERIOD_REVIEW' && input.period
      ? [keys.checkin(nip, input.year, input.period), keys.duty(nip, input.year, input.period)]
      : [];

/** Processes the due items of one page of employees as of `asOf` (the wake-up instant). */
async function processOnePage(input: PhaseInput, pageCursor: string | null, asOf: string, now: Date) {
  const { employees, cursor } = await employeePage(input.agencyId, pageCursor);
  const stats: EngineStats = emptyStats();
  const itemKeys = employees.flatMap((e) => phaseItemKeys(input, e.nip));
  if (itemKeys.length) {
    // The engine acts only on steps that are due; approvals and other item-level deadlines
    // are the sweep's, but taking them here when due is harmless (each step happens once).
    await processItems(
      await batchGetAll(itemKeys),
      new Date(Math.max(now.getTime(), Date.parse(asOf))),
      stats,
    );
  }
  return { cursor, processed: employees.length, stats };
}

/** The phase is over: record it on the cycle and tell whoever listens (period reports). */
export async function closePhase(input: PhaseInput, now: Date) {
  const calendar = await cycleCalendar(input.agencyId, input.year);
  await publishPeriodClosed({
    agencyId: input.agencyId,
    year: input.year,
    phase: input.phase,
    ...(input.period ? { period: input.period } : {}),
    closedAt: now.toISOString(),
    timeZone: calendar?.timeZone ?? null,
  });
  return { closed: true };
}

export type { PhaseRun };

/**
 * One task handles several pages within a time budget, so a large agency's execution stays far
 * below Step Functions' 25,000-event history (about 7 events per task loop): 100,000 employees are
 * ~50 loops per wake-up instead of 1,000.
 */
async function withinBudget<R extends { cursor: string | null }>(
  first: string | null,
  page: (cursor: string | null) => Promise<R>,
  add: (total: R, next: R) => void,
) {
  const began = Date.now();
  const result = await page(first);
  for (
    let pages = 1;
    result.cursor && pages < workflowRules.pagesPerTask && Date.now() - began < workflowRules.taskBudgetMs;
    pages++
  ) {
    const next = await page(result.cursor);
    add(result, next);
    result.cursor = next.cursor;
  }
  return result;
}

export const openPage = (input: PhaseInput, cursor: string | null, now: Date) =>
  withinBudget(
    cursor,
    (c) => openOnePage(input, c, now),
    (total, next) => {
      total.opened += next.opened;
      total.employees += next.employees;
    },
  );

export const processPage = (input: PhaseInput, cursor: string | null, asOf: string, now: Date) =>
  withinBudget(
    cursor,
    (c) => processOnePage(input, c, asOf, now),
    (total, next) => {
      total.processed += next.processed;
      for (const k of Object.keys(total.stats) as (keyof EngineStats)[]) total.stats[k] += next.stats[k];
    },
  );

/**
 * Retires, for one page of employees, the steps of this phase that can no longer be taken: a
 * period's "record your realisasi" once its window has closed. They leave the owner's list and
 * the due index, and stay on record as missed.
 */
async function closeOnePage(input: PhaseInput, pageCursor: string | null, now: Date) {
  const { employees, cursor } = await employeePage(input.agencyId, pageCursor);
  let retired = 0;
  if (input.phase === 'PERIOD_REVIEW' && input.period) {
    const items = await batchGetAll(employees.flatMap((e) => phaseItemKeys(input, e.nip)));
    await Promise.all(
      items
        .filter(
          (i) => i.pendingKind === 'SUBMIT_CHECKIN' && Date.parse(String(i.pendingDueAt)) < now.getTime(),
        )
        .map(async (i) => {
          try {
            await ddb().send(
              new UpdateCommand({
                TableName: tableName(),
                Key: { pk: i.pk, sk: i.sk },
                UpdateExpression: `SET missed = pendingKind, missedAt = :at REMOVE ${stepAttributes.join(', ')}`,
                ConditionExpression: 'pendingKind = :k AND pendingDueAt = :due',
                ExpressionAttributeValues: {
                  ':at': now.toISOString(),
                  ':k': 'SUBMIT_CHECKIN',
                  ':due': i.pendingDueAt,
                },
              }),
            );
            retired++;
          } catch (err) {
            if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
          }
        }),
    );
  }
  return { cursor, retired };
}

export const closePage = (input: PhaseInput, cursor: string | null, now: Date) =>
  withinBudget(
    cursor,
    (c) => closeOnePage(input, c, now),
    (total, next) => {
      total.retired += next.retired;
    },
  );
