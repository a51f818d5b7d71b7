/**
 * SKP use cases: the core decides, one transaction persists (the document with its step, the
 * audit entry, the unit's counter, the cascading checks on the supervisor's SKP, the idempotency
 * record). They receive ports and return domain results; HTTP is the edge's.
 *
 * Round trips: create = one BatchGetItem (profile, cycle) + one transaction; every later change
 * = one transaction (refusals are explained from the item DynamoDB returns with them); reads =
 * one GetItem (by id) or one Query (by owner and year, the latest SKP of the year).
 */
import { cycleRules } from '#config/cycle.ts';
import { closeStep, openStep } from '#core/action-items.ts';
import type { Actor } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { WorkCalendar } from '#core/calendar.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import { type Employee, postStartMonth } from '#core/employee.ts';
import { conflict, DomainError, forbidden, notFound, validationFailed } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { and, attr, type Changes, contains, eq, mergeChanges } from '#core/expr.ts';
import { factsOf } from '#core/kinds.ts';
import { localTime } from '#core/notifications.ts';
import type { Deps, Doc, IdempotencyKey, TxOp } from '#core/ports.ts';
import {
  type Ekspektasi,
  type ExpectationsInput,
  normalizeContent,
  normalizeExpectations,
  perilakuWith,
  type SkpContent,
  type SkpContentInput,
} from '#core/skp/content.ts';
import { parseSkpId, skpIdOf, skpIdOfRhk } from '#core/skp/id.ts';
import {
  assertCanCreate,
  canReadSkp,
  countBucket,
  type EndReason,
  type SkpCommand,
  skpMachine,
} from '#core/skp/machine.ts';
import { type SkpDocument, skpView } from '#core/skp/view.ts';
import { cycleCalendar, rememberCalendar } from './calendars.ts';
import { eventNotice } from './notices.ts';

const SHARDS = 4;
const shardOf = (nip: string) => Number(nip.slice(-3)) % SHARDS;

/** Due time: the end of the local day `days` working days after `now`. */
function dueAfter(calendar: CycleCalendar, now: Date, days: number) {
  const cal = new WorkCalendar(
    calendar.timeZone,
    [now.getUTCFullYear(), now.getUTCFullYear() + 1],
    calendar.localDaysOff,
  );
  return cal.endOfDay(cal.addWorkingDays(cal.localDate(now), days));
}

type Counts = Partial<Record<'drafting' | 'submitted' | 'approved' | 'returned' | 'ended', number>>;
const counter = (agencyId: string, year: number, unitId: string, nip: string, add: Counts): TxOp => ({
  type: 'increment',
  ref: { kind: 'UNIT_STAT', id: { agencyId, year, unitId, shard: shardOf(nip) } },
  set: { unitId },
  add: add as Record<string, number>,
});

/** The supervisor's SKP must hold every referenced RHK: one check per SKP, in the same transaction. */
function referenceChecks(refs: readonly { path: string; skpId: string; rhkId: string }[]): TxOp[] {
  const bySkp = new Map<string, typeof refs>();
  for (const r of refs) bySkp.set(r.skpId, [...(bySkp.get(r.skpId) ?? []), r]);
  return [...bySkp].map(([skpId, list]) => ({
    type: 'check' as const,
    ref: { kind: 'SKP' as const, id: { skpId } },
    when: and(...list.map((r) => contains('rhkIds', r.rhkId))),
    explain: (current: Doc | undefined) => {
      const have = new Set((current?.rhkIds as string[] | undefined) ?? []);
      return validationFailed(
        list
          .filter((r) => !have.has(r.rhkId))
          .map((r) => ({ path: r.path, code: 'UNKNOWN_RHK', params: { rhkId: r.rhkId } })),
      );
    },
  }));
}

export type SkpView = ReturnType<typeof skpView>;

/** POST /v1/skp: one BatchGetItem (profile + cycle) and one transaction. */
export async function createSkp(
  deps: Deps,
  actor: Actor,
  input: SkpContentInput & { year: number },
  idempotency: IdempotencyKey | undefined,
): Promise<SkpView> {
  const now = deps.clock.now();
  const [profileDoc, cycle] = await deps.store.getMany([
    { kind: 'EMPLOYEE', id: { nip: actor.nip } },
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: input.year } },
  ]);
  const profile = profileDoc as (Employee & Doc) | undefined;
  if (!profile || profile.agencyId !== actor.agencyId)
    throw notFound('PROFILE_NOT_FOUND', { nip: actor.nip });
  assertCanCreate(actor, profile);
  if (profile.employmentStatus === 'INACTIVE') throw conflict('PROFILE_INACTIVE', { nip: actor.nip });
  if (!cycle) throw new DomainError('CONFLICT', 'CYCLE_NOT_FOUND', { year: input.year });
  const calendar = cycle.calendar as CycleCalendar;
  rememberCalendar(actor.agencyId, input.year, calendar);

  // After a move mid-year the SKP of the new post covers the rest of the year; it is numbered by
  // its first month, so each post of a year has its own SKP (the old one ENDED at the move).
  const startMonth = postStartMonth(profile, input.year);
  const skpId = skpIdOf(input.year, profile.unitId, actor.nip, startMonth);
  const { content, references, unlinkedUtama, ekspektasiSent } = normalizeContent(
    input,
    skpId,
    { appraiserNip: profile.supervisorNip },
    () => deps.newId(5).slice(0, 8),
  );
  // A new SKP has no ekspektasi yet: only the appraiser writes them.
  const written = ekspektasiSent.filter((e) => e.ekspektasi !== null);
  if (written.length)
    throw validationFailed(written.map((e) => ({ path: e.path, code: 'EKSPEKTASI_APPRAISER_ONLY' })));
  const at = now.toISOString();
  const audit = nextAuditEntry(undefined, {
    subject: subjects.skp(skpId),
    action: 'SKP_CREATED',
    actorNip: actor.nip,
    at,
    data: content,
  });
  const step = openStep({
    kind: 'SUBMIT_SKP',
    owner: { nip: actor.nip },
    dueAt: calendar.deadlines.planning,
    now,
  });
  const doc: SkpDocument = {
    skpId,
    year: input.year,
    seq: startMonth,
    startMonth,
    endMonth: 12,
    ...factsOf(profile),
    unitId: profile.unitId,
    unitName: profile.unitName,
    ownerName: profile.name,
    status: 'DRAFT',
    version: 1,
    revision: 1,
    unlinkedUtama,
    content,
    rhkIds: content.rhk.map((r) => r.rhkId),
    ...(step.set as Partial<SkpDocument>),
    createdAt: at,
    updatedAt: at,
    auditHead: headOf(audit),
  };
  const view = skpView(doc);
  return deps.store.commit(
    [
      {
        type: 'create',
        ref: { kind: 'SKP', id: { skpId } },
        doc: doc as unknown as Doc,
        explain: () => conflict('SKP_EXISTS', { year: input.year, skpId }),
      },
      { type: 'audit', entry: audit },
      counter(actor.agencyId, input.year, profile.unitId, actor.nip, { drafting: 1 }),
      ...referenceChecks(references),
      // The planning phase's "draft your SKP" duty is done once the SKP exists.
      { type: 'delete', ref: { kind: 'DUTY', id: { nip: actor.nip, year: input.year, phase: 'PLANNING' } } },
    ],
    { result: view, ...(idempotency ? { idempotency } : {}) },
  );
}

/** GET by id (one GetItem), or an employee's latest SKP of a year (one Query). */
export async function readSkp(
  deps: Deps,
  actor: Actor,
  ref: { skpId: string } | { nip: string; year: number },
): Promise<SkpDocument> {
  const label = 'skpId' in ref ? ref.skpId : `${ref.year}/${ref.nip}`;
  let doc: Doc | undefined;
  if ('skpId' in ref) {
    if (parseSkpId(ref.skpId)) doc = await deps.store.get({ kind: 'SKP', id: { skpId: ref.skpId } });
    if (doc && doc.skpId !== ref.skpId) doc = undefined; // an id naming another unit addresses no SKP
  } else {
    const page = await deps.store.list(
      { kind: 'SKP', pattern: 'ofOwnerYear', params: { nip: ref.nip, year: ref.year } },
      { limit: 1 },
    );
    doc = page.items[0];
  }
  if (!doc || !canReadSkp(actor, doc)) throw notFound('SKP_NOT_FOUND', { skpId: label });
  return doc as unknown as SkpDocument;
}

/** What a change of an SKP answers: what the write knows (GET gives the whole document). */
export interface SkpChanged {
  skpId: string;
  /** Absent when the command keeps the status (the write does not read it). */
  status?: string;
  version: number;
  etag: string;
  content?: SkpContent;
  perilaku?: SkpContent['perilaku'];
  pendingKind?: string;
  pendingDueAt?: string;
}

/**
 * Every state change on an existing SKP (edit, submit, approve, return, revise): one transaction
 * whose condition is the machine's precondition; a refusal is explained from the item as it is.
 */
export async function changeSkp(
  deps: Deps,
  actor: Actor,
  skpId: string,
  change:
    | { type: 'EDIT'; content: SkpContentInput; echo?: Readonly<Record<string, unknown>> }
    | { type: 'SUBMIT' | 'APPROVE' }
    | { type: 'RETURN' | 'REVISE'; reason: string }
    | { type: 'SET_EXPECTATIONS'; input: ExpectationsInput },
  ifMatch: AuditHead,
  idempotency: IdempotencyKey | undefined,
): Promise<SkpChanged> {
  const id = parseSkpId(skpId);
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId });
  const calendar = await cycleCalendar(deps, actor.agencyId, id.year);
  if (!calendar) throw notFound('SKP_NOT_FOUND', { skpId });
  const now = deps.clock.now();
  const at = now.toISOString();

  let command: SkpCommand;
  let changes: Changes = {};
  let auditData: unknown = {};
  let content: SkpContent | undefined;
  let ekspektasi: Ekspektasi | undefined;
  let refs: { path: string; skpId: string; rhkId: string }[] = [];
  let sources: string[] = [];
  switch (change.type) {
    case 'EDIT': {
      const normalized = normalizeContent(change.content, skpId, { appraiserNip: 'FROM_LINKS' }, () =>
        deps.newId(5).slice(0, 8),
      );
      content = normalized.content;
      refs = normalized.references;
      command = {
        type: 'EDIT',
        linkedAppraiser: normalized.linkedAppraiser,
        linkPaths: refs.map((r) => r.path),
        echo: change.echo ?? {},
        ekspektasiSent: normalized.ekspektasiSent,
      };
      changes = {
        set: { content, rhkIds: content.rhk.map((r) => r.rhkId), unlinkedUtama: normalized.unlinkedUtama },
      };
      auditData = content;
      break;
    }
    case 'SUBMIT':
      command = { type: 'SUBMIT' };
      changes = mergeChanges(
        { set: { submittedAt: at } },
        openStep({
          kind: 'APPROVE_SKP',
          owner: { role: 'APPROVER' },
          dueAt: dueAfter(calendar, now, cycleRules.skpApprovalWorkingDays),
          now,
        }),
      );
      break;
    case 'APPROVE': {
      command = { type: 'APPROVE' };
      // An SKP is agreed only on agreed targets: every SKP its RHK intervene in must be approved
      // (checked in the same transaction). The links are read first: approving carries no body.
      const current = await deps.store.get({ kind: 'SKP', id: { skpId } }, ['content']);
      sources = cascadeSourceIds((current?.content as SkpContent | undefined) ?? { rhk: [] });
      changes = mergeChanges(
        { set: { approvedContent: attr('content'), approvedAt: at }, remove: ['returnReason'] },
        closeStep,
      );
      break;
    }
    case 'RETURN':
      command = { type: 'RETURN', reason: change.reason };
      changes = mergeChanges(
        { set: { returnReason: change.reason } },
        openStep({
          kind: 'RESUBMIT_SKP',
          owner: { role: 'OWNER' },
          dueAt: dueAfter(calendar, now, cycleRules.skpResubmitWorkingDays),
          now,
        }),
      );
      auditData = { reason: change.reason };
      break;
    case 'SET_EXPECTATIONS':
      ekspektasi = normalizeExpectations(change.input);
      command = { type: 'SET_EXPECTATIONS' };
      changes = { set: { ekspektasi } };
      auditData = { ekspektasi };
      break;
    case 'REVISE':
      command = { type: 'REVISE', reason: change.reason };
      changes = mergeChanges(
        { set: { revisionReason: change.reason }, add: { revision: 1 } },
        openStep({
          kind: 'SUBMIT_SKP',
          owner: { role: 'OWNER' },
          dueAt: dueAfter(calendar, now, cycleRules.skpResubmitWorkingDays),
          now,
        }),
      );
      auditData = { reason: change.reason };
      break;
  }
  const rule = skpMachine.rule(command.type);
  const ctx = { skpId };
  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.skp(skpId),
    action: `SKP_${command.type}`,
    actorNip: actor.nip,
    at,
    data: auditData,
  });
  const to = rule.to === 'SAME' ? undefined : rule.to;
  changes = mergeChanges(changes, {
    set: { ...(to ? { status: to } : {}), version: audit.seq, updatedAt: at, auditHead: headOf(audit) },
  });

  // Unit counters move between buckets; every status a command starts from shares one bucket
  // (DRAFT and RETURNED are both drafting), so the move is known without reading the SKP.
  const fromBucket = countBucket(rule.from[0]!);
  const toBucket = countBucket(to ?? rule.from[0]!);
  const counts: Counts | undefined =
    fromBucket === toBucket
      ? undefined
      : { [fromBucket]: -1, [toBucket]: 1, ...(command.type === 'RETURN' ? { returned: 1 } : {}) };

  const step = changes.set?.pendingKind as string | undefined;
  const result: SkpChanged = {
    skpId,
    ...(to ? { status: to } : {}),
    version: audit.seq,
    etag: etagOf(audit),
    ...(content ? { content } : {}),
    ...(ekspektasi ? { perilaku: perilakuWith(ekspektasi) } : {}),
    ...(step ? { pendingKind: step, pendingDueAt: changes.set?.pendingDueAt as string } : {}),
  };
  return deps.store.commit(
    [
      {
        type: 'update',
        ref: { kind: 'SKP', id: { skpId } },
        when: skpMachine.precondition(command, actor, ifMatch, ctx),
        changes,
        explain: (current) =>
          skpMachine.explain(current?.type === 'SKP' ? current : undefined, command, actor, ifMatch, ctx, {
            skpId,
          }),
      },
      { type: 'audit', entry: audit },
      ...(counts ? [counter(actor.agencyId, id.year, id.unitId, id.nip, counts)] : []),
      ...referenceChecks(refs),
      // The owner is told, in the same write.
      ...(command.type === 'APPROVE' || command.type === 'RETURN'
        ? eventNotice({
            event: command.type === 'APPROVE' ? 'SKP_APPROVED' : 'SKP_RETURNED',
            recipients: [id.nip],
            agencyId: actor.agencyId,
            subject: { type: 'SKP', skpId, year: id.year, ownerNip: id.nip },
            params: {
              year: id.year,
              ...(command.type === 'RETURN'
                ? {
                    reason: command.reason,
                    dueAt: localTime(String(changes.set?.pendingDueAt), 'id'),
                    dueAtEn: localTime(String(changes.set?.pendingDueAt), 'en'),
                  }
                : {}),
            },
            at,
            occurrence: String(audit.seq),
          })
        : []),
      ...sources.map(
        (source): TxOp => ({
          type: 'check',
          ref: { kind: 'SKP', id: { skpId: source } },
          when: eq('status', 'APPROVED'),
          explain: (found) =>
            conflict('CASCADE_SOURCE_NOT_APPROVED', {
              skpId: source,
              status: String(found?.status ?? 'DRAFT'),
            }),
        }),
      ),
    ],
    { result, ...(idempotency ? { idempotency } : {}) },
  );
}

/** The SKPs an SKP's RHK intervene in (its cascade sources), from its content. */
export const cascadeSourceIds = (content: Pick<SkpContent, 'rhk'>): string[] => [
  ...new Set(
    content.rhk.flatMap((r) => {
      const source = r.intervenesRhkId ? skpIdOfRhk(r.intervenesRhkId) : undefined;
      return source ? [source] : [];
    }),
  ),
];

/**
 * `GET /v1/skp/{skpId}/cascade-sources` (the owner): the appraiser's SKPs of the year whose months
 * meet this SKP's, with the RHK one may intervene in. Two reads: the SKP (who appraises it now),
 * then one Query of the appraiser's SKPs of the year. Sources in any status are listed, so staff
 * can draft early; approving needs every linked source APPROVED (see APPROVE in changeSkp).
 */
export async function cascadeSources(deps: Deps, actor: Actor, skpId: string) {
  const own = await readSkp(deps, actor, { skpId });
  if (own.ownerNip !== actor.nip) throw forbidden('SKP_OWNER_ONLY');
  if (!own.appraiserNip) return { skpId, appraiserNip: null, sources: [] };
  const page = await deps.store.list(
    { kind: 'SKP', pattern: 'ofOwnerYear', params: { nip: own.appraiserNip, year: own.year } },
    { limit: 12 },
  );
  const sources = (page.items as unknown as SkpDocument[])
    .filter(
      (s) =>
        s.agencyId === own.agencyId &&
        s.status !== 'ENDED' &&
        s.startMonth <= own.endMonth &&
        s.endMonth >= own.startMonth,
    )
    .sort((a, b) => a.seq - b.seq)
    .map((s) => ({
      skpId: s.skpId,
      ownerNip: s.ownerNip,
      ownerName: s.ownerName,
      status: s.status,
      startMonth: s.startMonth,
      endMonth: s.endMonth,
      approved: s.status === 'APPROVED',
      rhk: s.content.rhk.map((r) => ({
        rhkId: r.rhkId,
        kind: r.kind,
        text: r.text,
        indicators: r.indicators.map((i) => ({ text: i.text, aspect: i.aspect, target: i.target })),
      })),
    }));
  return { skpId, appraiserNip: own.appraiserNip, sources };
}

/**
 * The SKP of a post someone left (a move mid-year, or leaving the agency) ends with the month
 * before: it keeps its months, its appraiser and its approved content, so those months can be
 * evaluated; its open step closes. HR's act (the import that records the move). One transaction,
 * conditioned on the version read.
 */
export async function endSkp(
  deps: Deps,
  actor: Actor,
  doc: SkpDocument,
  endMonth: number,
  reason: EndReason,
): Promise<void> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const command: SkpCommand = { type: 'END', endMonth, reason };
  const ctx = { skpId: doc.skpId };
  const audit = nextAuditEntry(doc.auditHead, {
    subject: subjects.skp(doc.skpId),
    action: 'SKP_END',
    actorNip: actor.nip,
    at,
    data: { endMonth, reason, status: doc.status },
  });
  const from = countBucket(doc.status);
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: { kind: 'SKP', id: { skpId: doc.skpId } },
        when: skpMachine.precondition(command, actor, doc.auditHead, ctx),
        changes: mergeChanges(
          {
            set: {
              status: 'ENDED',
              endMonth,
              endReason: reason,
              endedAt: at,
              version: audit.seq,
              updatedAt: at,
              auditHead: headOf(audit),
            },
          },
          closeStep,
        ),
        explain: (current) =>
          skpMachine.explain(
            current?.type === 'SKP' ? current : undefined,
            command,
            actor,
            doc.auditHead,
            ctx,
            {
              skpId: doc.skpId,
            },
          ),
      },
      { type: 'audit', entry: audit },
      ...(from === 'ended'
        ? []
        : [counter(doc.agencyId, doc.year, doc.unitId, doc.ownerNip, { [from]: -1, ended: 1 })]),
    ],
    { result: undefined },
  );
}
