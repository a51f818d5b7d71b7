/**
 * SKP use cases: the core decides, one transaction persists (document + audit entry + counters
 * + the action item embedded in the document + reference checks + idempotency record).
 */
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cycleRules } from '#config/cycle.ts';
import { type Actor, hasRole } from '#core/actor.ts';
import { type AuditHead, nextAuditEntry } from '#core/audit.ts';
import { WorkCalendar } from '#core/calendar.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import type { Employee } from '#core/employee.ts';
import { conflict, DomainError, notFound, validationFailed } from '#core/errors.ts';
import { firstActionAt } from '#core/escalation.ts';
import { etagOf } from '#core/etag.ts';
import {
  assertCanCreate,
  assertCanRead,
  countBucket,
  explainRefusal,
  machine,
  normalizeContent,
  parseSkpId,
  type SkpCommand,
  type SkpContent,
  type SkpContentInput,
  type SkpFacts,
  skpIdOf,
} from '#core/skp.ts';
import { stepAttributes } from '../adapters/action-items.ts';
import { auditPut } from '../adapters/audit-store.ts';
import { cycleCalendar, rememberCalendar } from '../adapters/cycle-store.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { keys, subjects } from '../adapters/keys.ts';
import { documentPreconditions, documentUpdate } from '../adapters/preconditions.ts';
import { type Idempotency, type StoredResponse, type TxItem, transact } from '../adapters/tx.ts';

export interface SkpDocument extends SkpFacts {
  year: number;
  unitId: string;
  unitName: string;
  ownerName: string;
  appraiserSupervisorNip: string | null;
  revision: number;
  content: SkpContent;
  approvedContent?: SkpContent;
  returnReason?: string;
  revisionReason?: string;
  pendingKind?: string;
  pendingOwner?: string;
  pendingDueAt?: string;
  escalationLevel: number;
  nextActionAt?: string;
  remindersSent?: number;
  createdAt: string;
  updatedAt: string;
  auditHead: AuditHead;
}

const SHARDS = 4;
const shardOf = (nip: string) => Number(nip.slice(-3)) % SHARDS;
const newId = () => randomBytes(5).toString('hex').slice(0, 8);

const publicFields = (item: Record<string, unknown>) => {
  const {
    pk: _1,
    sk: _2,
    type: _3,
    gsi1pk: _4,
    gsi1sk: _5,
    gsi2pk: _6,
    gsi2sk: _7,
    gsi3pk: _8,
    gsi3sk: _9,
    rhkIds: _10,
    ownerOwesKey: _11,
    appraiserOwesKey: _12,
    statShard: _13,
    approverId: _14,
    ...doc
  } = item;
  return doc as unknown as SkpDocument;
};

export const skpView = (doc: SkpDocument) => ({ ...doc, etag: etagOf(doc.auditHead) });

/** Due time: the end of the local day `days` working days after `now`. */
function dueAfter(calendar: CycleCalendar, now: Date, days: number) {
  const cal = new WorkCalendar(
    calendar.timeZone,
    [now.getUTCFullYear(), now.getUTCFullYear() + 1],
    calendar.localDaysOff,
  );
  return cal.endOfDay(cal.addWorkingDays(cal.localDate(now), days));
}

/** The due-index fields of an open step: first reminder (or the deadline) ahead of `now`. */
const dueIndex = (dueAt: string, skpId: string, now: Date) => {
  const first = firstActionAt(dueAt, now);
  return {
    nextActionAt: first.at,
    remindersSent: first.remindersSkipped,
    gsi3pk: keys.dueBucket(first.at, skpId),
    gsi3sk: `${first.at}#SKP#${skpId}`,
  };
};

const pendingSet = (dueAt: string, skpId: string, now: Date) => {
  const index = dueIndex(dueAt, skpId, now);
  return {
    ':due': dueAt,
    ':g2sk': `${dueAt}#SKP#${skpId}`,
    ':g3pk': index.gsi3pk,
    ':g3sk': index.gsi3sk,
    ':next': index.nextActionAt,
    ':rsent': index.remindersSent,
    ':zero': 0,
  };
};

const statUpdate = (
  agencyId: string,
  year: number,
  unitId: string,
  nip: string,
  add: Partial<Record<'drafting' | 'submitted' | 'approved' | 'returned', number>>,
): TxItem => {
  const names = Object.keys(add);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.unitStat(agencyId, year, unitId, shardOf(nip)),
      UpdateExpression: `SET unitId = :unit ADD ${names.map((n) => `${n} :${n}`).join(', ')}`,
      ExpressionAttributeValues: {
        ':unit': unitId,
        ...Object.fromEntries(names.map((n) => [`:${n}`, add[n as keyof typeof add]])),
      },
    },
  };
};

/** The supervisor SKP must hold every referenced RHK: one ConditionCheck in the same transaction. */
function referenceChecks(refs: { path: string; skpId: string; rhkId: string }[]): {
  items: TxItem[];
  paths: string[][];
} {
  const bySkp = new Map<string, typeof refs>();
  for (const r of refs) bySkp.set(r.skpId, [...(bySkp.get(r.skpId) ?? []), r]);
  const items: TxItem[] = [];
  const paths: string[][] = [];
  for (const [skpId, list] of bySkp) {
    const { year, nip } = parseSkpId(skpId)!;
    items.push({
      ConditionCheck: {
        TableName: tableName(),
        Key: keys.skp(nip, year),
        ConditionExpression: list.map((_, i) => `contains(rhkIds, :r${i})`).join(' AND '),
        ExpressionAttributeValues: Object.fromEntries(list.map((r, i) => [`:r${i}`, r.rhkId])),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
    paths.push(list.map((r) => r.path));
  }
  return { items, paths };
}

function unknownReferences(
  refs: { path: string; rhkId: string }[],
  current: Record<string, unknown> | undefined,
) {
  const have = new Set((current?.rhkIds as string[] | undefined) ?? []);
  return validationFailed(
    refs
      .filter((r) => !have.has(r.rhkId))
      .map((r) => ({ path: r.path, code: 'UNKNOWN_RHK', params: { rhkId: r.rhkId } })),
  );
}

/** POST /v1/skp: one BatchGet (profile + cycle) and one transaction. */
export async function createSkp(
  actor: Actor,
  input: SkpContentInput & { year: number },
  now: Date,
  idem: Omit<Idempotency, 'response'> | undefined,
): Promise<StoredResponse> {
  const profileKey = keys.employee(actor.nip);
  const cycleKey = keys.cycle(actor.agencyId, input.year);
  const got = await ddb().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [profileKey, cycleKey] } } }),
  );
  const items = got.Responses?.[tableName()] ?? [];
  const profile = items.find((i) => i.sk === 'PROFILE') as (Employee & Record<string, unknown>) | undefined;
  const cycle = items.find((i) => i.sk === 'CYCLE');
  if (!profile || profile.agencyId !== actor.agencyId)
    throw notFound('PROFILE_NOT_FOUND', { nip: actor.nip });
  assertCanCreate(actor, profile);
  if (!cycle) throw new DomainError('CONFLICT', 'CYCLE_NOT_FOUND', { year: input.year });
  const calendar = cycle.calendar as CycleCalendar;
  rememberCalendar(actor.agencyId, input.year, calendar);

  const skpId = skpIdOf(input.year, profile.unitId, actor.nip);
  const { content, references, unlinkedUtama } = normalizeContent(
    input,
    skpId,
    { appraiserNip: profile.supervisorNip },
    newId,
  );
  const at = now.toISOString();
  const audit = nextAuditEntry(undefined, {
    subject: subjects.skp(skpId),
    action: 'SKP_CREATED',
    actorNip: actor.nip,
    at,
    data: content,
  });
  const dueAt = calendar.deadlines.planning;
  const doc: SkpDocument = {
    skpId,
    year: input.year,
    agencyId: actor.agencyId,
    unitId: profile.unitId,
    unitName: profile.unitName,
    ownerNip: actor.nip,
    ownerName: profile.name,
    appraiserNip: profile.supervisorNip,
    appraiserSupervisorNip: profile.managerChain[1] ?? null,
    managerChain: profile.managerChain,
    status: 'DRAFT',
    version: 1,
    revision: 1,
    unlinkedUtama,
    content,
    pendingKind: 'SUBMIT_SKP',
    pendingOwner: actor.nip,
    pendingDueAt: dueAt,
    escalationLevel: 0,
    createdAt: at,
    updatedAt: at,
    auditHead: { seq: audit.seq, hash: audit.hash },
  };
  const view = skpView(doc);
  const response: StoredResponse = {
    status: 201,
    body: view,
    headers: { etag: view.etag, location: `/v1/skp/${skpId}` },
  };
  const checks = referenceChecks(references);
  const outcome = await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.skp(actor.nip, input.year),
            type: 'SKP',
            ...doc,
            rhkIds: content.rhk.map((r) => r.rhkId),
            ownerOwesKey: keys.owes(actor.nip),
            // Who approves: the direct supervisor, or for the agency head, HR (on the PPK's behalf).
            approverId: profile.supervisorNip ?? keys.hrRecipient(actor.agencyId),
            appraiserOwesKey: keys.owes(profile.supervisorNip ?? keys.hrRecipient(actor.agencyId)),
            gsi1pk: keys.agencySkp(actor.agencyId, input.year),
            gsi1sk: `UNIT#${profile.unitId}#${actor.nip}`,
            statShard: shardOf(actor.nip),
            gsi2pk: keys.owes(actor.nip),
            gsi2sk: `${dueAt}#SKP#${skpId}`,
            ...dueIndex(dueAt, skpId, now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(audit),
      statUpdate(actor.agencyId, input.year, profile.unitId, actor.nip, { drafting: 1 }),
      ...checks.items,
      // The planning phase's "draft your SKP" duty is done once the SKP exists.
      { Delete: { TableName: tableName(), Key: keys.duty(actor.nip, input.year, 'PLANNING') } },
    ],
    idem && { ...idem, response },
  );
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt === 0) throw conflict('SKP_EXISTS', { year: input.year, skpId });
  if (outcome.refusedAt >= 3) throw unknownReferences(references, outcome.current);
  throw new Error(`SKP create refused: ${outcome.reasons.join(',')}`);
}

/** GET by id, or by owner and year: one GetItem. */
export async function readSkp(
  actor: Actor,
  ref: { skpId: string } | { nip: string; year: number },
): Promise<SkpDocument> {
  const id = 'skpId' in ref ? parseSkpId(ref.skpId) : ref;
  const label = 'skpId' in ref ? ref.skpId : `${ref.year}/${ref.nip}`;
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId: label });
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.skp(id.nip, id.year) }));
  if (out.Item?.type !== 'SKP') throw notFound('SKP_NOT_FOUND', { skpId: label });
  const doc = publicFields(out.Item);
  if ('skpId' in ref && doc.skpId !== ref.skpId) throw notFound('SKP_NOT_FOUND', { skpId: label });
  assertCanRead(actor, doc);
  return doc;
}

/** What a person owes: one Query on gsi2 (`OWES#<nip>`), soonest due first. */
export async function actionItems(
  actor: Actor,
  limit: number,
  cursor: string | undefined,
  owner = actor.nip,
) {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.owes(owner) },
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, keys.owes(owner)) } : {}),
    }),
  );
  // The action-item contract: any item on OWES#<nip> carries pendingKind, pendingDueAt,
  // escalationLevel and either actionSubject (a small map) or is an SKP (subject derived here).
  const items = (out.Items ?? []).map((item) => {
    const doc = publicFields(item);
    return {
      kind: doc.pendingKind!,
      dueAt: doc.pendingDueAt!,
      escalationLevel: doc.escalationLevel ?? 0,
      subject: (item.actionSubject as Record<string, unknown> | undefined) ?? {
        type: 'SKP',
        skpId: doc.skpId,
        year: doc.year,
        ownerNip: doc.ownerNip,
        ownerName: doc.ownerName,
        unitId: doc.unitId,
        status: doc.status,
      },
    };
  });
  return { items, nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null };
}

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const strings =
      key &&
      typeof key === 'object' &&
      ['pk', 'sk', 'gsi2pk', 'gsi2sk'].every((k) => typeof key[k] === 'string');
    if (strings && key.gsi2pk === partition && Object.keys(key).length === 4) return key;
  } catch {}
  throw validationFailed([{ path: 'cursor', code: 'BAD_CURSOR' }]);
}

const factsOf = (item: Record<string, unknown> | undefined): SkpFacts | undefined =>
  item && item.type === 'SKP' ? (publicFields(item) as SkpFacts) : undefined;

/**
 * Every state change on an existing SKP (edit, submit, approve, return, revise): one
 * transaction whose conditions are the core's preconditions. Refusals are explained from the
 * item returned with them.
 */
export async function changeSkp(
  actor: Actor,
  skpId: string,
  command: SkpCommand,
  ifMatch: AuditHead,
  now: Date,
  edit: SkpContentInput | undefined,
  idem: Omit<Idempotency, 'response'> | undefined,
): Promise<StoredResponse> {
  const id = parseSkpId(skpId);
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId });
  const calendar = await cycleCalendar(actor.agencyId, id.year);
  if (!calendar) throw notFound('SKP_NOT_FOUND', { skpId });
  const rule = machine[command.type];
  const at = now.toISOString();

  const { names, values, conditions } = documentPreconditions({
    ifMatch,
    agencyId: actor.agencyId,
    skpId,
    from: rule.from,
    at,
  });
  Object.assign(values, { ':actor': actor.nip, ':to': rule.to });
  conditions.push(
    rule.by === 'OWNER'
      ? 'ownerNip = :actor'
      : hasRole(actor, 'HR')
        ? '(appraiserNip = :actor OR (attribute_type(appraiserNip, :nullType) AND ownerNip <> :actor))'
        : 'appraiserNip = :actor',
  );
  const sets = ['#status = :to', 'version = :next', 'updatedAt = :at', 'auditHead = :head'];
  const removes: string[] = [];
  let auditData: unknown = 'reason' in command ? { reason: command.reason } : {};
  let refs: { path: string; skpId: string; rhkId: string }[] = [];
  let content: SkpContent | undefined;
  let pending:
    | { kind: 'SUBMIT_SKP' | 'APPROVE_SKP' | 'RESUBMIT_SKP'; owner: 'approverId' | 'ownerNip'; dueAt: string }
    | undefined;
  // Unit counters move between buckets; every status a command starts from shares one bucket
  // (DRAFT and RETURNED are both drafting), so the move is known without reading the SKP.
  const fromBucket = countBucket(rule.from[0]!);
  const toBucket = countBucket(rule.to);
  const counts: Partial<Record<'drafting' | 'submitted' | 'approved' | 'returned', number>> | undefined =
    fromBucket === toBucket
      ? undefined
      : { [fromBucket]: -1, [toBucket]: 1, ...(command.type === 'RETURN' ? { returned: 1 } : {}) };

  switch (command.type) {
    case 'EDIT': {
      const normalized = normalizeContent(edit!, skpId, { appraiserNip: 'FROM_LINKS' }, newId);
      content = normalized.content;
      refs = normalized.references;
      // Links must point at the owner's own appraiser: the write checks the stored one.
      if (normalized.linkedAppraiser) {
        conditions.push('appraiserNip = :linked');
        values[':linked'] = normalized.linkedAppraiser;
      }
      sets.push('content = :content', 'rhkIds = :rhkIds', 'unlinkedUtama = :unlinked');
      Object.assign(values, {
        ':content': content,
        ':rhkIds': content.rhk.map((r) => r.rhkId),
        ':unlinked': normalized.unlinkedUtama,
      });
      auditData = content;
      break;
    }
    case 'SUBMIT':
      // The agency head (no appraiser) needs no links.
      conditions.push('(unlinkedUtama = :zero OR attribute_type(appraiserNip, :nullType))');
      values[':nullType'] = 'NULL';
      pending = {
        kind: 'APPROVE_SKP',
        owner: 'approverId',
        dueAt: dueAfter(calendar, now, cycleRules.skpApprovalWorkingDays),
      };
      sets.push('submittedAt = :at');
      break;
    case 'APPROVE':
      sets.push('approvedContent = content', 'approvedAt = :at');
      removes.push(...stepAttributes, 'returnReason');
      break;
    case 'RETURN':
      pending = {
        kind: 'RESUBMIT_SKP',
        owner: 'ownerNip',
        dueAt: dueAfter(calendar, now, cycleRules.skpResubmitWorkingDays),
      };
      sets.push('returnReason = :reason');
      values[':reason'] = command.reason;
      break;
    case 'REVISE':
      pending = {
        kind: 'SUBMIT_SKP',
        owner: 'ownerNip',
        dueAt: dueAfter(calendar, now, cycleRules.skpResubmitWorkingDays),
      };
      sets.push('revision = revision + :one', 'revisionReason = :reason');
      Object.assign(values, { ':one': 1, ':reason': command.reason });
      break;
  }
  if (pending) {
    // The action item lives in the document: whoever owes the next step, and by when.
    sets.push(
      'pendingKind = :pkind',
      `pendingOwner = ${pending.owner}`,
      `gsi2pk = ${pending.owner === 'approverId' ? 'appraiserOwesKey' : 'ownerOwesKey'}`,
      'pendingDueAt = :due',
      'gsi2sk = :g2sk',
      'gsi3pk = :g3pk',
      'gsi3sk = :g3sk',
      'nextActionAt = :nextAction',
      'remindersSent = :rsent',
      'escalationLevel = :zero',
    );
    const { ':next': nextAction, ...rest } = pendingSet(pending.dueAt, skpId, now);
    Object.assign(values, { ':pkind': pending.kind, ':nextAction': nextAction, ...rest });
  }
  if (conditions.some((c) => c.includes(':zero'))) values[':zero'] = 0;
  if (conditions.some((c) => c.includes(':nullType'))) values[':nullType'] = 'NULL';

  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.skp(skpId),
    action: `SKP_${command.type}`,
    actorNip: actor.nip,
    at,
    data: auditData,
  });
  values[':head'] = { seq: audit.seq, hash: audit.hash };
  const etag = etagOf(audit);
  const body = {
    skpId,
    status: rule.to,
    version: audit.seq,
    etag,
    ...(content ? { content } : {}),
    ...(pending ? { pendingKind: pending.kind, pendingDueAt: pending.dueAt } : {}),
  };
  const response: StoredResponse = { status: 200, body, headers: { etag } };

  const checks = referenceChecks(refs);
  const items: TxItem[] = [
    documentUpdate(keys.skp(id.nip, id.year), { sets, removes, conditions, names, values }),
    auditPut(audit),
    ...(counts ? [statUpdate(actor.agencyId, id.year, id.unitId, id.nip, counts)] : []),
    ...checks.items,
  ];

  const outcome = await transact(items, idem && { ...idem, response });
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt === 0) {
    const found = factsOf(outcome.current);
    // An id naming another unit addresses no SKP, whatever else is true of the item.
    const current = found?.skpId === skpId ? found : undefined;
    const refusal = explainRefusal(current, command, actor, ifMatch.seq, skpId);
    if (current && refusal.code === 'STALE_VERSION' && current.version === ifMatch.seq) {
      // Version right, yet refused: links to someone other than the appraiser, or a forged ETag.
      if (refs.length && current.appraiserNip === null)
        throw validationFailed(refs.map((r) => ({ path: r.path, code: 'HEAD_NEEDS_NO_LINK' })));
      if (refs.length && (current as SkpFacts).appraiserNip !== values[':linked'])
        throw validationFailed(refs.map((r) => ({ path: r.path, code: 'FOREIGN_RHK' })));
    }
    throw refusal;
  }
  if (outcome.refusedAt >= items.length - checks.items.length) throw unknownReferences(refs, outcome.current);
  throw new Error(`SKP change refused: ${outcome.reasons.join(',')}`);
}
