/**
 * Check-in use cases: the core decides, one transaction persists (the check-in with its step,
 * the audit entry, evidence marked verified, the idempotency record).
 *
 * Round trips (DynamoDB):
 *  - a change to an existing check-in (If-Match): one TransactWriteItems. The document carries
 *    its authorization facts, window and indicator ids, so the machine's precondition is the
 *    condition and no read is needed.
 *  - the first write of a period (no If-Match): one BatchGetItem (the SKP, for its facts and
 *    approved targets, and the cycle, for the period's window and review deadline) + the write.
 *  - linking evidence: the evidence records are read in the same BatchGetItem (or one of their
 *    own on an existing check-in), because the declared name, type, size and key live there; each
 *    file not yet verified is then looked at in S3 once (see `linkEvidence`).
 */
import { checkinRules, evidenceRules } from '#config/checkin.ts';
import { closeStep, openStep } from '#core/action-items.ts';
import type { Actor } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { assertHrOf } from '#core/authz.ts';
import { WorkCalendar } from '#core/calendar.ts';
import {
  assertDialogDate,
  assertDistinctIndicators,
  assertDistinctRhk,
  assertDistinctValues,
  checkinWindow,
  type DialogInput,
  type FeedbackInput,
  normalizeRealisasi,
  openCheckin,
  periodPattern,
  type RealisasiEntry,
  type RealisasiInput,
  type SelfAssessmentInput,
  type SkpForCheckin,
} from '#core/checkin/content.ts';
import { type CheckinCommand, canReadCheckin, checkinMachine, opensCheckin } from '#core/checkin/machine.ts';
import {
  assertDistinctPeerValues,
  canReadPeerRequest,
  type PeerInputInput,
  peerMachine,
  planPeerRequest,
  type StoredPeerRequest,
  visibilityOf,
} from '#core/checkin/peer.ts';
import { checkinView, type Dialog, type EvidenceRef, type StoredCheckin } from '#core/checkin/view.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import {
  conflict,
  DomainError,
  type FieldIssue,
  forbidden,
  notFound,
  validationFailed,
} from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import {
  checkUploaded,
  type EvidenceInput,
  evidenceIdPattern,
  evidenceKey,
  sniffBytes,
  validateEvidence,
} from '#core/evidence.ts';
import { and, type Changes, eq, exists, mergeChanges } from '#core/expr.ts';
import { plansInForce, type StoredFollowUp } from '#core/follow-up/follow-up.ts';
import { localTime } from '#core/notifications.ts';
import type { Deps, Doc, IdempotencyKey, TxOp } from '#core/ports.ts';
import { type Ekspektasi, perilakuWith } from '#core/skp/content.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { canReadSkp } from '#core/skp/machine.ts';
import { cycleCalendar, rememberCalendar } from './calendars.ts';
import { eventNotice } from './notices.ts';
import { skpServiceFeedback } from './surveys.ts';

/** A change the API asks for; the use case turns it into the core's command. */
export type CheckinChange =
  | { type: 'SAVE_REALISASI'; input: RealisasiInput }
  | { type: 'SELF_ASSESS'; input: SelfAssessmentInput }
  | { type: 'SUBMIT' }
  | { type: 'FEEDBACK'; input: FeedbackInput }
  | { type: 'DIALOG'; input: DialogInput };

export interface EvidenceRecord extends EvidenceRef {
  evidenceId: string;
  skpId: string;
  agencyId: string;
  ownerNip: string;
  s3Key: string;
  status: 'DECLARED' | 'VERIFIED';
  declaredAt: string;
  verifiedAt?: string;
  /** The S3 object version that was checked; downloads are pinned to it. */
  verifiedVersionId?: string;
  version: number;
  auditHead: AuditHead;
}

/** `skpId` and `period` from the path; anything malformed is simply not found. */
function idsOf(skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id || !periodPattern.test(period)) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  return { ...id, skpId, period };
}

const checkinRef = (skpId: string, period: string) => ({ kind: 'CHECKIN' as const, id: { skpId, period } });
const skpRef = (skpId: string) => ({ kind: 'SKP' as const, id: { skpId } });
const evidenceRef = (skpId: string, evidenceId: string) => ({
  kind: 'EVIDENCE' as const,
  id: { skpId, evidenceId },
});
const stale = () => new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });
const idem = (i: IdempotencyKey | undefined) => (i ? { idempotency: i } : {});

// ---- reading ----------------------------------------------------------------------------------

export type CheckinView = ReturnType<typeof checkinView> & {
  developmentPlans?: ReturnType<typeof plansInForce>;
};

/** The periods of the year before `period` (Q3: Q1, Q2; M03: M01, M02), in order. */
export const periodsBefore = (period: string): string[] => {
  const n = Number(period.slice(1));
  return Array.from({ length: Math.max(0, n - 1) }, (_, i) =>
    period.startsWith('Q') ? `Q${i + 1}` : `M${String(i + 1).padStart(2, '0')}`,
  );
};

/**
 * GET a check-in: one Query over the SKP's check-ins (this period's with its peer requests, the
 * earlier periods' realisasi for the capaian so far, and the follow-ups of the earlier periods'
 * evaluations: the development plans in force). The first period of a year also reads, in
 * parallel, last year's annual follow-up (one GetItem).
 */
export async function readCheckin(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
): Promise<CheckinView & { serviceFeedback: Awaited<ReturnType<typeof skpServiceFeedback>> }> {
  const ids = idsOf(skpId, period);
  // The owner's service-feedback aggregate of the period, read beside the check-in.
  const serviceFeedback = skpServiceFeedback(deps, actor.agencyId, skpId, period);
  serviceFeedback.catch(() => {});
  let checkin: Doc | undefined;
  const peers: StoredPeerRequest[] = [];
  const before = new Map<string, RealisasiEntry[]>();
  const earlier = new Set(periodsBefore(period));
  const followUps: StoredFollowUp[] = [];
  const lastYear = earlier.size
    ? Promise.resolve(undefined)
    : deps.store.get({
        kind: 'FOLLOW_UP',
        id: { skpId: `${ids.year - 1}.${ids.unitId}.${ids.nip}.1`, period: 'ANNUAL' },
      });
  for await (const page of deps.store.pages({ kind: 'CHECKIN', pattern: 'ofSkp', params: { skpId } })) {
    for (const d of page) {
      if (d.type === 'CHECKIN' && d.period === period) checkin = d;
      else if (d.type === 'CHECKIN' && earlier.has(String(d.period)))
        before.set(String(d.period), (d.realisasi as RealisasiEntry[] | undefined) ?? []);
      else if (d.type === 'PEER_REQUEST' && d.period === period)
        peers.push(d as unknown as StoredPeerRequest);
      else if (d.type === 'FOLLOW_UP') followUps.push(d as unknown as StoredFollowUp);
    }
  }
  const previous = await lastYear;
  if (!checkin || !canReadCheckin(actor, checkin)) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  if (previous && previous.ownerNip === checkin.ownerNip)
    followUps.push(previous as unknown as StoredFollowUp);
  return {
    ...checkinView(
      checkin as unknown as StoredCheckin,
      actor,
      peers,
      [...earlier].flatMap((p) => (before.has(p) ? [before.get(p)!] : [])),
    ),
    developmentPlans: plansInForce(followUps, ids.year, [...earlier]),
    serviceFeedback: await serviceFeedback,
  };
}

/** The check-in for HR's audit (one GetItem; the chain is read after). */
export async function readCheckinForAudit(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
): Promise<StoredCheckin> {
  idsOf(skpId, period);
  const doc = await deps.store.get(checkinRef(skpId, period));
  if (!doc || !canReadCheckin(actor, doc)) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  assertHrOf(actor, String(doc.agencyId));
  return doc as unknown as StoredCheckin;
}

// ---- evidence ---------------------------------------------------------------------------------

export interface DeclaredEvidence {
  evidenceId: string;
  skpId: string;
  fileName: string;
  contentType: string;
  size: number;
  status: 'DECLARED';
  uploadUrl: string;
  uploadMethod: 'PUT';
  uploadHeaders: Record<string, string>;
  uploadExpiresAt: string;
}

/**
 * POST evidence: the declaration is refused before any URL is issued if the file is not allowed;
 * otherwise one transaction records it (conditioned on the caller owning the SKP) and the
 * presigned PUT is computed locally.
 */
export async function declareEvidence(
  deps: Deps,
  actor: Actor,
  skpId: string,
  input: EvidenceInput,
  idempotency: IdempotencyKey | undefined,
) {
  if (!parseSkpId(skpId)) throw notFound('SKP_NOT_FOUND', { skpId });
  const declared = validateEvidence(input);
  const now = deps.clock.now();
  const evidenceId = deps.newId(8);
  const s3Key = evidenceKey(actor.agencyId, skpId, evidenceId, declared.fileName);
  const uploadUrl = await deps.files.presignUpload(s3Key, declared, evidenceRules.uploadUrlSeconds);
  const at = now.toISOString();
  const audit = nextAuditEntry(undefined, {
    subject: subjects.evidence(skpId, evidenceId),
    action: 'EVIDENCE_DECLARED',
    actorNip: actor.nip,
    at,
    data: { ...declared, s3Key },
  });
  const record: EvidenceRecord = {
    evidenceId,
    skpId,
    agencyId: actor.agencyId,
    ownerNip: actor.nip,
    ...declared,
    s3Key,
    status: 'DECLARED',
    declaredAt: at,
    version: 1,
    auditHead: headOf(audit),
  };
  const result: DeclaredEvidence = {
    evidenceId,
    skpId,
    fileName: declared.fileName,
    contentType: declared.contentType,
    size: declared.size,
    status: 'DECLARED',
    uploadUrl,
    uploadMethod: 'PUT',
    uploadHeaders: { 'content-type': declared.contentType },
    uploadExpiresAt: new Date(now.getTime() + evidenceRules.uploadUrlSeconds * 1000).toISOString(),
  };
  return deps.store.commit(
    [
      {
        type: 'check',
        ref: skpRef(skpId),
        when: and(eq('skpId', skpId), eq('ownerNip', actor.nip), eq('agencyId', actor.agencyId)),
        explain: (skp) =>
          skp?.type === 'SKP' && skp.skpId === skpId && canReadSkp(actor, skp)
            ? forbidden('SKP_OWNER_ONLY')
            : notFound('SKP_NOT_FOUND', { skpId }),
      },
      { type: 'create', ref: evidenceRef(skpId, evidenceId), doc: record as unknown as Doc, explain: stale },
      { type: 'audit', entry: audit },
    ],
    { result, ...idem(idempotency) },
  );
}

/** GET evidence: one BatchGetItem (the SKP for who may read, the record for the key); verified files only. */
export async function evidenceDownload(deps: Deps, actor: Actor, skpId: string, evidenceId: string) {
  if (!parseSkpId(skpId)) throw notFound('SKP_NOT_FOUND', { skpId });
  if (!evidenceIdPattern.test(evidenceId)) throw notFound('EVIDENCE_NOT_FOUND', { evidenceId });
  const [skp, found] = await deps.store.getMany([skpRef(skpId), evidenceRef(skpId, evidenceId)]);
  if (!skp || skp.skpId !== skpId || !canReadSkp(actor, skp)) throw notFound('SKP_NOT_FOUND', { skpId });
  const record = found as unknown as EvidenceRecord | undefined;
  if (!record || record.skpId !== skpId) throw notFound('EVIDENCE_NOT_FOUND', { evidenceId });
  // Only what a realisasi link has checked (size, type, first bytes) is ever served: an upload
  // that was never checked could be anything under a harmless name.
  if (record.status !== 'VERIFIED') throw conflict('EVIDENCE_NOT_VERIFIED', { evidenceId });
  const url = await deps.files.presignDownload(
    record.s3Key,
    record.fileName,
    record.contentType,
    evidenceRules.downloadUrlSeconds,
    record.verifiedVersionId,
  );
  return {
    evidenceId,
    skpId,
    fileName: record.fileName,
    contentType: record.contentType,
    size: record.size,
    status: 'VERIFIED' as const,
    url,
    expiresAt: new Date(deps.clock.now().getTime() + evidenceRules.downloadUrlSeconds * 1000).toISOString(),
  };
}

/**
 * The evidence a realisasi links, checked. The declared name, type and size come from the
 * records (read in the caller's one BatchGetItem). A presigned PUT only promises what the
 * uploader was allowed to send: whether anything was sent, and whether it is the declared file,
 * is known only by looking at the object, so each file not yet VERIFIED is read once here (one
 * ranged GET: size, type and the first bytes, so an executable renamed `.pdf` is refused). Files
 * verified by an earlier save are not read again.
 */
export async function linkEvidence(
  deps: Deps,
  refs: readonly { evidenceId: string; path: string }[],
  records: ReadonlyMap<string, Doc | undefined>,
  skpId: string,
  actor: Actor,
  at: string,
): Promise<{ evidence: Record<string, EvidenceRef>; ops: TxOp[] }> {
  const issues: FieldIssue[] = [];
  const evidence: Record<string, EvidenceRef> = {};
  const fresh: EvidenceRecord[] = [];
  await Promise.all(
    refs.map(async ({ evidenceId, path }) => {
      const r = records.get(evidenceId) as unknown as EvidenceRecord | undefined;
      if (!r || r.skpId !== skpId || r.agencyId !== actor.agencyId) {
        issues.push({ path, code: 'EVIDENCE_NOT_FOUND', params: { evidenceId } });
        return;
      }
      if (r.status !== 'VERIFIED') {
        const observed = await deps.files.observe(r.s3Key, sniffBytes);
        const problem = checkUploaded(r, observed);
        if (problem) {
          issues.push({ path, code: problem.code, ...(problem.params ? { params: problem.params } : {}) });
          return;
        }
        fresh.push({ ...r, ...(observed?.versionId ? { verifiedVersionId: observed.versionId } : {}) });
      }
      evidence[evidenceId] = { fileName: r.fileName, contentType: r.contentType, size: r.size };
    }),
  );
  if (issues.length) throw validationFailed(issues.sort((a, b) => a.path.localeCompare(b.path)));
  const ops: TxOp[] = fresh.flatMap((r) => {
    const audit = nextAuditEntry(r.auditHead, {
      subject: subjects.evidence(r.skpId, r.evidenceId),
      action: 'EVIDENCE_VERIFIED',
      actorNip: actor.nip,
      at,
      data: { size: r.size, contentType: r.contentType },
    });
    return [
      {
        type: 'update' as const,
        ref: evidenceRef(skpId, r.evidenceId),
        // Two saves verifying the same file at once: one wins, the other retries as stale.
        when: eq('version', r.version),
        changes: {
          set: {
            status: 'VERIFIED',
            verifiedAt: at,
            version: audit.seq,
            auditHead: headOf(audit),
            ...(r.verifiedVersionId ? { verifiedVersionId: r.verifiedVersionId } : {}),
          },
        },
        explain: stale,
      },
      { type: 'audit' as const, entry: audit },
    ];
  });
  return { evidence, ops };
}

// ---- changes ----------------------------------------------------------------------------------

function commandOf(change: CheckinChange): CheckinCommand {
  switch (change.type) {
    case 'SAVE_REALISASI':
      return { type: 'SAVE_REALISASI', indicatorIds: change.input.indicators.map((i) => i.indicatorId) };
    case 'SELF_ASSESS':
      return { type: 'SELF_ASSESS' };
    case 'SUBMIT':
      return { type: 'SUBMIT' };
    case 'FEEDBACK':
      return {
        type: 'FEEDBACK',
        indicatorIds: (change.input.indicators ?? []).map((i) => i.indicatorId),
        rhkIds: (change.input.rhk ?? []).map((r) => r.rhkId),
      };
    case 'DIALOG':
      // A dialog with a coaching note is the appraiser's alone.
      return {
        type: change.input.coachingNote !== undefined ? 'RECORD_COACHING' : 'RECORD_DIALOG',
        date: change.input.date,
      };
  }
}

/** Pure checks of the body that need no stored facts: 422 before anything is read or written. */
function precheck(change: CheckinChange, now: Date) {
  if (change.type === 'SAVE_REALISASI') return normalizeRealisasi(change.input);
  if (change.type === 'SELF_ASSESS') assertDistinctValues(change.input.perilaku);
  if (change.type === 'FEEDBACK') {
    assertDistinctIndicators(change.input.indicators ?? []);
    assertDistinctRhk(change.input.rhk ?? []);
    assertDistinctValues(change.input.perilaku);
  }
  if (change.type === 'DIALOG') assertDialogDate(change.input.date, now);
  return undefined;
}

/** What a change stores and answers (besides the step), and the audit entry's data. */
function contentOf(
  deps: Deps,
  change: CheckinChange,
  actor: Actor,
  ownerNip: string,
  at: string,
  realisasi: RealisasiEntry[] | undefined,
  evidence: Record<string, EvidenceRef>,
): { changes: Changes; audit: unknown; answer: Record<string, unknown> } {
  switch (change.type) {
    case 'SAVE_REALISASI': {
      const entries = realisasi!;
      return {
        changes: { set: { realisasi: entries, realisasiCount: entries.length, evidence } } as Changes,
        audit: { realisasi: entries, evidence } as unknown,
        answer: {
          status: 'OPEN',
          realisasi: entries,
          evidence: Object.entries(evidence).map(([evidenceId, e]) => ({ evidenceId, ...e })),
        },
      };
    }
    case 'SELF_ASSESS': {
      const selfAssessment = {
        summary: change.input.summary,
        perilaku: change.input.perilaku ?? [],
        updatedAt: at,
      };
      return {
        changes: { set: { selfAssessment } },
        audit: selfAssessment,
        answer: { status: 'OPEN', selfAssessment },
      };
    }
    case 'SUBMIT':
      return {
        changes: { set: { submittedAt: at } },
        audit: {},
        answer: { status: 'SUBMITTED', submittedAt: at },
      };
    case 'FEEDBACK': {
      const feedback = {
        ...(change.input.general ? { general: change.input.general } : {}),
        indicators: change.input.indicators ?? [],
        rhk: change.input.rhk ?? [],
        perilaku: change.input.perilaku ?? [],
        givenBy: actor.nip,
        givenAt: at,
      };
      return {
        changes: mergeChanges({ set: { feedback, reviewedAt: at } }, closeStep),
        audit: feedback,
        answer: { status: 'REVIEWED', feedback },
      };
    }
    case 'DIALOG': {
      const dialog: Dialog = {
        dialogId: deps.newId(8),
        date: change.input.date,
        topics: change.input.topics,
        agreedActions: change.input.agreedActions,
        ...(change.input.coachingNote ? { coachingNote: change.input.coachingNote } : {}),
        recordedBy: actor.nip,
        recordedByRole: actor.nip === ownerNip ? 'OWNER' : 'APPRAISER',
        recordedAt: at,
      };
      return {
        changes: { append: { dialogs: [dialog] }, add: { dialogCount: 1 } } as Changes,
        audit: dialog,
        answer: { dialog },
      };
    }
  }
}

export interface CheckinChanged {
  skpId: string;
  period: string;
  version: number;
  etag: string;
  [field: string]: unknown;
}

/** What a write answers: a check-in opened by it (201, the whole document) or changed (200). */
export type CheckinWritten = { opened: true; view: CheckinView } | { opened: false; changed: CheckinChanged };

/**
 * Every write to a check-in. With If-Match: one conditional transaction on the stored document.
 * Without: the first write of the period, which opens the check-in from its SKP (one read).
 */
export async function changeCheckin(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  change: CheckinChange,
  ifMatch: AuditHead | undefined,
  idempotency: IdempotencyKey | undefined,
): Promise<CheckinWritten> {
  const ids = idsOf(skpId, period);
  const now = deps.clock.now();
  const normalized = precheck(change, now);
  const command = commandOf(change);
  if (!ifMatch) {
    if (!opensCheckin.has(command.type)) throw new DomainError('PRECONDITION_REQUIRED', 'IF_MATCH_REQUIRED');
    return openAndChange(deps, actor, ids, change, command, normalized, idempotency);
  }
  const at = now.toISOString();

  // Evidence is read only for the owner: nobody else can save realisasi, and reading it for them
  // would tell a stranger which evidence ids exist.
  let linked: { evidence: Record<string, EvidenceRef>; ops: TxOp[] } = { evidence: {}, ops: [] };
  if (normalized?.evidence.length && actor.nip === ids.nip) {
    const found = await deps.store.getMany(normalized.evidence.map((e) => evidenceRef(skpId, e.evidenceId)));
    const records = new Map(normalized.evidence.map((e, i) => [e.evidenceId, found[i]]));
    linked = await linkEvidence(deps, normalized.evidence, records, skpId, actor, at);
  }
  const content = contentOf(deps, change, actor, ids.nip, at, normalized?.entries, linked.evidence);
  let step: Changes = {};
  if (command.type === 'SUBMIT') {
    // The appraiser owes the review by the period's review deadline, from the cycle calendar
    // every container keeps once read (a GetItem only when cold).
    const calendar = await cycleCalendar(deps, actor.agencyId, ids.year);
    const dueAt = calendar?.periods.find((x) => x.period === period)?.reviewDeadline;
    if (!dueAt) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
    step = openStep({ kind: 'REVIEW_CHECKIN', owner: { role: 'APPROVER' }, dueAt, now });
  }
  const ctx = { skpId, period, now };
  const rule = checkinMachine.rule(command.type);
  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.checkin(skpId, period),
    action: `CHECKIN_${command.type}`,
    actorNip: actor.nip,
    at,
    data: content.audit,
  });
  const changes = mergeChanges(content.changes, step, {
    set: {
      ...(rule.to !== 'SAME' ? { status: rule.to } : {}),
      version: audit.seq,
      updatedAt: at,
      auditHead: headOf(audit),
    },
  });
  const changed: CheckinChanged = {
    skpId,
    period,
    version: audit.seq,
    etag: etagOf(audit),
    ...content.answer,
    ...(step.set ? { pendingKind: step.set.pendingKind, pendingDueAt: step.set.pendingDueAt } : {}),
  };
  const written = await deps.store.commit(
    [
      {
        type: 'update',
        ref: checkinRef(skpId, period),
        when: checkinMachine.precondition(command, actor, ifMatch, ctx),
        changes,
        explain: (current) =>
          checkinMachine.explain(
            current?.type === 'CHECKIN' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { skpId, period },
          ),
      },
      { type: 'audit', entry: audit },
      // An evidence record changed under us (verified by a concurrent save): retry with a fresh view.
      ...linked.ops,
      ...(command.type === 'FEEDBACK'
        ? eventNotice({
            event: 'FEEDBACK_GIVEN',
            recipients: [ids.nip],
            agencyId: actor.agencyId,
            subject: { type: 'CHECKIN', skpId, period, year: ids.year, ownerNip: ids.nip },
            params: { period, year: ids.year },
            at,
            occurrence: String(audit.seq),
          })
        : []),
    ],
    {
      result: changed,
      ...idem(idempotency),
      tooLarge: () => new DomainError('UNPROCESSABLE', 'CHECKIN_TOO_LARGE'),
    },
  );
  if (command.type === 'SUBMIT') deps.metrics.count('CheckinSubmitted');
  if (command.type === 'FEEDBACK') deps.metrics.count('CheckinReviewed');
  // A replay (same Idempotency-Key) answers what the first request answered.
  return { opened: false, changed: written };
}

/**
 * The first write of a period: BatchGetItem (SKP, cycle, the earlier periods' check-ins, linked
 * evidence) + one transaction.
 */
async function openAndChange(
  deps: Deps,
  actor: Actor,
  ids: ReturnType<typeof idsOf>,
  change: CheckinChange,
  command: CheckinCommand,
  normalized: ReturnType<typeof normalizeRealisasi> | undefined,
  idempotency: IdempotencyKey | undefined,
): Promise<CheckinWritten> {
  const { skpId, period } = ids;
  const now = deps.clock.now();
  const evidence = actor.nip === ids.nip ? (normalized?.evidence ?? []) : [];
  const earlier = periodsBefore(period);
  const [skp, cycle, ...rest] = await deps.store.getMany([
    skpRef(skpId),
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: ids.year } },
    ...earlier.map((p) => checkinRef(skpId, p)),
    ...evidence.map((e) => evidenceRef(skpId, e.evidenceId)),
  ]);
  // The earlier periods' realisasi, for the capaian so far in the answer.
  const before = rest
    .slice(0, earlier.length)
    .flatMap((d) => (d ? [(d.realisasi as RealisasiEntry[] | undefined) ?? []] : []));
  const found = rest.slice(earlier.length);
  if (!skp || skp.skpId !== skpId || !canReadSkp(actor, skp)) throw notFound('SKP_NOT_FOUND', { skpId });
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  if (!calendar) throw notFound('SKP_NOT_FOUND', { skpId });
  rememberCalendar(actor.agencyId, ids.year, calendar);

  const base = openCheckin(skp as unknown as SkpForCheckin, calendar, period);
  const opened = { ...base, auditHead: { seq: 0, hash: '' } } as unknown as Doc;
  const ctx = { skpId, period, now };
  checkinMachine.decide(opened, command, actor, { seq: 0, hash: '' }, ctx);
  const at = now.toISOString();
  const records = new Map(evidence.map((e, i) => [e.evidenceId, found[i]]));
  const linked = evidence.length
    ? await linkEvidence(deps, evidence, records, skpId, actor, at)
    : { evidence: {}, ops: [] };
  const content = contentOf(deps, change, actor, ids.nip, at, normalized?.entries, linked.evidence);
  const rule = checkinMachine.rule(command.type);

  const auditEntry = nextAuditEntry(undefined, {
    subject: subjects.checkin(skpId, period),
    action: `CHECKIN_${command.type}`,
    actorNip: actor.nip,
    at,
    data: {
      opened: {
        skpRevision: base.skpRevision,
        opensAt: base.opensAt,
        closesAt: base.closesAt,
        targets: base.targets,
      },
      ...(content.audit as object),
      evidence: linked.evidence,
    },
  });
  const initial = {
    ...base,
    realisasi: [],
    evidence: {},
    dialogs: [],
    dialogCount: 0,
    // The owner owes the period's realisasi until the window closes.
    ...openStep({ kind: 'SUBMIT_CHECKIN', owner: { nip: ids.nip }, dueAt: base.closesAt, now }).set,
    actionSubject: {
      type: 'CHECKIN',
      skpId,
      period,
      year: ids.year,
      ownerNip: base.ownerNip,
      ownerName: base.ownerName,
      unitId: base.unitId,
    },
    createdAt: at,
  } as Doc;
  // The first command's changes applied to the opened document.
  const c = content.changes;
  const doc: Doc = {
    ...initial,
    ...c.set,
    ...Object.fromEntries(
      Object.entries(c.append ?? {}).map(([k, xs]) => [k, [...((initial[k] as unknown[]) ?? []), ...xs]]),
    ),
    ...Object.fromEntries(Object.entries(c.add ?? {}).map(([k, n]) => [k, Number(initial[k] ?? 0) + n])),
    status: rule.to === 'SAME' ? 'OPEN' : rule.to,
    version: auditEntry.seq,
    updatedAt: at,
    auditHead: headOf(auditEntry),
  };
  const view = checkinView(doc as unknown as StoredCheckin, actor, [], before);
  const written = await deps.store.commit(
    [
      {
        type: 'create',
        ref: checkinRef(skpId, period),
        doc,
        // It exists already: changes to it name the version they saw.
        explain: (current) =>
          current && canReadCheckin(actor, current)
            ? new DomainError('PRECONDITION_REQUIRED', 'IF_MATCH_REQUIRED')
            : notFound('CHECKIN_NOT_FOUND', { skpId, period }),
      },
      { type: 'audit', entry: auditEntry },
      ...linked.ops,
      // The period phase's "record your realisasi" duty is done once the check-in exists.
      { type: 'delete', ref: { kind: 'DUTY', id: { nip: ids.nip, year: ids.year, phase: period } } },
    ],
    {
      result: view,
      ...idem(idempotency),
      tooLarge: () => new DomainError('UNPROCESSABLE', 'CHECKIN_TOO_LARGE'),
    },
  );
  // A replay (same Idempotency-Key) answers what the first request answered.
  return { opened: true, view: written };
}

// ---- peer input -------------------------------------------------------------------------------

/**
 * The appraiser asks peers for BerAKHLAK input: one BatchGetItem (the SKP for the appraiser's
 * authority, the owner's name and the values' expectations; the cycle for the period; each
 * peer's profile, for the same-agency rule and the name) and one transaction holding a small
 * document per peer that carries the peer's GIVE_PEER_INPUT step.
 */
export async function requestPeerInput(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  peerNips: readonly string[],
  idempotency: IdempotencyKey | undefined,
) {
  const ids = idsOf(skpId, period);
  const now = deps.clock.now();
  const unique = [...new Set(peerNips)];
  const [skpDoc, cycle, ...profiles] = await deps.store.getMany([
    skpRef(skpId),
    { kind: 'CYCLE', id: { agencyId: actor.agencyId, year: ids.year } },
    ...unique.map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
  ]);
  const skp = skpDoc as (SkpForCheckin & Doc) | undefined;
  if (!skp || skp.skpId !== skpId || !canReadSkp(actor, skp)) throw notFound('SKP_NOT_FOUND', { skpId });
  const calendar = cycle?.calendar as CycleCalendar | undefined;
  const window = calendar && checkinWindow(calendar, ids.year, period);
  if (!calendar || !window)
    throw new DomainError('NOT_FOUND', 'UNKNOWN_PERIOD', {
      periods: calendar?.periods.map((p) => p.period).join(', ') ?? '-',
    });
  const byNip = new Map(
    unique.flatMap((nip, i) => {
      const p = profiles[i];
      return p ? [[nip, { agencyId: String(p.agencyId), name: String(p.name) }] as const] : [];
    }),
  );
  const peers = planPeerRequest(skp, actor, peerNips, byNip, window, now);

  const cal = new WorkCalendar(calendar.timeZone, [ids.year, ids.year + 1], calendar.localDaysOff);
  const dueAt = cal.endOfDay(cal.addWorkingDays(cal.localDate(now), checkinRules.peerInputWorkingDays));
  const anonymous = visibilityOf(skp.agencyId) === 'ANONYMOUS';
  const at = now.toISOString();
  const perilaku = perilakuWith((skp as { ekspektasi?: Ekspektasi }).ekspektasi);
  const ops: TxOp[] = peers.flatMap((peer) => {
    const audit = nextAuditEntry(undefined, {
      subject: subjects.peerInput(skpId, period, peer.peerNip),
      action: 'PEER_INPUT_REQUESTED',
      actorNip: actor.nip,
      at,
      data: { peerNip: peer.peerNip, anonymous, dueAt },
    });
    const request: Doc = {
      skpId,
      year: ids.year,
      period,
      agencyId: skp.agencyId,
      unitName: skp.unitName,
      ownerNip: skp.ownerNip,
      ownerName: skp.ownerName,
      appraiserNip: actor.nip,
      peerNip: peer.peerNip,
      peerName: peer.peerName,
      status: 'REQUESTED',
      version: 1,
      anonymous,
      perilaku,
      requestedAt: at,
      requestedBy: actor.nip,
      ...openStep({ kind: 'GIVE_PEER_INPUT', owner: { nip: peer.peerNip }, dueAt, now }).set,
      actionSubject: {
        type: 'PEER_INPUT',
        skpId,
        period,
        year: ids.year,
        ownerNip: skp.ownerNip,
        ownerName: skp.ownerName,
        unitName: skp.unitName,
        requestedBy: actor.nip,
      },
      createdAt: at,
      updatedAt: at,
      auditHead: headOf(audit),
    };
    return [
      {
        type: 'create' as const,
        ref: { kind: 'PEER_REQUEST' as const, id: { skpId, period, peerNip: peer.peerNip } },
        doc: request,
        explain: () => conflict('PEER_ALREADY_REQUESTED', { nip: peer.peerNip }),
      },
      { type: 'audit' as const, entry: audit },
      ...eventNotice({
        event: 'PEER_INPUT_REQUESTED',
        recipients: [peer.peerNip],
        agencyId: skp.agencyId,
        subject: { type: 'PEER_INPUT', skpId, period, year: ids.year, ownerName: skp.ownerName },
        params: {
          ownerName: skp.ownerName,
          period,
          dueAt: localTime(dueAt, 'id'),
          dueAtEn: localTime(dueAt, 'en'),
        },
        at,
        occurrence: '1',
      }),
    ];
  });
  const result = {
    skpId,
    period,
    anonymous,
    requested: peers.map((p) => ({ ...p, status: 'REQUESTED' as const, dueAt })),
  };
  return deps.store.commit(
    [
      ...ops,
      // The SKP as read: still this appraiser's, still approved.
      {
        type: 'check',
        ref: skpRef(skpId),
        when: and(eq('appraiserNip', actor.nip), exists('approvedContent')),
        explain: stale,
      },
    ],
    { result, ...idem(idempotency) },
  );
}

const peerView = (doc: Doc) => ({ ...doc, etag: etagOf(doc.auditHead as AuditHead) });

/** The peer reads what they are asked: one GetItem, on a key that contains the caller's NIP. */
export async function readPeerRequest(deps: Deps, actor: Actor, skpId: string, period: string) {
  idsOf(skpId, period);
  const doc = await deps.store.get({ kind: 'PEER_REQUEST', id: { skpId, period, peerNip: actor.nip } });
  if (!canReadPeerRequest(actor, doc, { skpId, period }))
    throw new DomainError('NOT_FOUND', 'PEER_REQUEST_NOT_FOUND', { skpId, period });
  return peerView(doc!);
}

/** The peer answers (or revises the answer): one transaction; it closes their step. */
export async function givePeerInput(
  deps: Deps,
  actor: Actor,
  skpId: string,
  period: string,
  input: PeerInputInput,
  ifMatch: AuditHead,
) {
  idsOf(skpId, period);
  assertDistinctPeerValues(input);
  const at = deps.clock.now().toISOString();
  const answer = { values: input.values, ...(input.general ? { general: input.general } : {}) };
  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.peerInput(skpId, period, actor.nip),
    action: 'PEER_INPUT_GIVEN',
    actorNip: actor.nip,
    at,
    data: answer,
  });
  const ctx = { skpId, period };
  const command = { type: 'GIVE' as const };
  const result = {
    skpId,
    period,
    status: 'GIVEN' as const,
    version: audit.seq,
    etag: etagOf(audit),
    answer,
    givenAt: at,
  };
  return deps.store.commit(
    [
      {
        type: 'update',
        ref: { kind: 'PEER_REQUEST', id: { skpId, period, peerNip: actor.nip } },
        when: peerMachine.precondition(command, actor, ifMatch, ctx),
        changes: mergeChanges(
          {
            set: {
              status: 'GIVEN',
              answer,
              givenAt: at,
              // The first answer (the request is version 1 until then): anonymous answers are
              // released in the order of first answers, which a revision must not change.
              ...(ifMatch.seq === 1 ? { firstGivenAt: at } : {}),
              updatedAt: at,
              version: audit.seq,
              auditHead: headOf(audit),
            },
          },
          closeStep,
        ),
        explain: (current) =>
          peerMachine.explain(
            current?.type === 'PEER_REQUEST' ? current : undefined,
            command,
            actor,
            ifMatch,
            ctx,
            { skpId, period },
          ),
      },
      { type: 'audit', entry: audit },
    ],
    { result },
  );
}
