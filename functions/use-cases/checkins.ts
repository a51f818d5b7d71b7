/**
 * Check-in use cases: the core decides, one transaction persists (the check-in + its audit entry
 * + the action item embedded in it + evidence marked verified + the idempotency record).
 *
 * Round trips (DynamoDB):
 *  - a change to an existing check-in (If-Match): one TransactWriteItems. The document carries
 *    its authorization facts, window, indicator ids and the precomputed review action-item keys,
 *    so the core's rule becomes the ConditionExpression and no read is needed.
 *  - the first write of a period (no If-Match): one BatchGetItem (the SKP, for its facts and
 *    approved targets, and the cycle, for the period's window and review deadline) + the write.
 *  - linking evidence: the evidence records are read in the same BatchGetItem (or one of their
 *    own on an existing check-in), because the declared name, type, size and key live there; each
 *    file not yet verified is then looked at in S3 once (see `linkEvidence`).
 */
import { randomBytes } from 'node:crypto';
import { checkinRules, evidenceRules } from '#config/checkin.ts';
import type { Actor } from '#core/actor.ts';
import { type AuditHead, nextAuditEntry, verifyChain } from '#core/audit.ts';
import { assertHrOf } from '#core/authz.ts';
import { WorkCalendar } from '#core/calendar.ts';
import { capaianOf } from '#core/capaian.ts';
import {
  assertCanReadCheckin,
  assertDialogDate,
  assertDistinctIndicators,
  assertDistinctValues,
  type CheckinCommand,
  checkinWindow,
  type DialogInput,
  decide,
  explainRefusal,
  type FeedbackInput,
  machine,
  normalizeRealisasi,
  openCheckin,
  periodPattern,
  type RealisasiEntry,
  type RealisasiInput,
  type SelfAssessmentInput,
  type SkpForCheckin,
} from '#core/checkin.ts';
import {
  assertDistinctPeerValues,
  decidePeerInput,
  type PeerInputInput,
  type PeerRequestFacts,
  peerInputView,
  planPeerRequest,
  type StoredPeerRequest,
  visibilityOf,
} from '#core/checkin-peer.ts';
import type { CycleCalendar } from '#core/cycle.ts';
import { DomainError, type FieldIssue, forbidden, notFound, validationFailed } from '#core/errors.ts';
import { firstActionAt } from '#core/escalation.ts';
import { etagOf } from '#core/etag.ts';
import {
  checkUploaded,
  type EvidenceInput,
  evidenceIdPattern,
  evidenceKey,
  sniffBytes,
  validateEvidence,
} from '#core/evidence.ts';
import { assertCanRead, parseSkpId, type SkpContent } from '#core/skp.ts';
import { stepAttributes } from '../adapters/action-items.ts';
import { auditPut, readAuditChain } from '../adapters/audit-store.ts';
import {
  batchGet,
  checkinFactsOf,
  type Dialog,
  type EvidenceRecord,
  type EvidenceRef,
  getItem,
  keyString,
  publicOf,
  readCheckinWithPeers,
  type StoredCheckin,
} from '../adapters/checkin-store.ts';
import { cycleCalendar, rememberCalendar } from '../adapters/cycle-store.ts';
import { tableName } from '../adapters/dynamo.ts';
import { keys, subjects } from '../adapters/keys.ts';
import { documentPreconditions, documentUpdate } from '../adapters/preconditions.ts';
import { observeObject, presignDownload, presignUpload } from '../adapters/s3.ts';
import {
  type Idempotency,
  type StoredResponse,
  type TxItem,
  type TxOutcome,
  transact,
} from '../adapters/tx.ts';

type Idem = Omit<Idempotency, 'response'> | undefined;

/** A change the API asks for; the use case turns it into the core's command. */
export type CheckinChange =
  | { type: 'SAVE_REALISASI'; input: RealisasiInput }
  | { type: 'SELF_ASSESS'; input: SelfAssessmentInput }
  | { type: 'SUBMIT' }
  | { type: 'FEEDBACK'; input: FeedbackInput }
  | { type: 'DIALOG'; input: DialogInput };

const newId = (bytes = 8) => randomBytes(bytes).toString('hex').slice(0, 12);
const pathOf = (skpId: string, period: string) => `/v1/skp/${skpId}/periods/${period}`;

/** `skpId` and `period` from the path; anything malformed is simply not found. */
function idsOf(skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id || !periodPattern.test(period)) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  return { ...id, skpId, period };
}

/**
 * The action-item fields of the shared contract: whoever owes the step and by when (gsi2, what a
 * person owes), and when the workflow engine must next look at it (gsi3, the sharded due index:
 * the first reminder still ahead, else the deadline). One place builds them for every kind this
 * capability opens; the engine moves `nextActionAt` on from there.
 */
function dueIndex(dueAt: string, type: string, id: string, skpId: string, now: Date) {
  const first = firstActionAt(dueAt, now);
  return {
    gsi3pk: keys.dueBucket(first.at, skpId),
    gsi3sk: `${first.at}#${type}#${id}`,
    nextActionAt: first.at,
    remindersSent: first.remindersSkipped,
  };
}
function owes(ownerNip: string, dueAt: string, type: string, id: string, skpId: string, now: Date) {
  return {
    gsi2pk: keys.owes(ownerNip),
    gsi2sk: `${dueAt}#${type}#${id}`,
    ...dueIndex(dueAt, type, id, skpId, now),
    pendingOwner: ownerNip,
    pendingDueAt: dueAt,
    escalationLevel: 0,
  };
}
/** Closing a step removes it from both indexes. */
const closeStep = stepAttributes;
const checkinItemId = (skpId: string, period: string) => `${skpId}#${period}`;

// ---- reading ----------------------------------------------------------------------------------

/** The check-in as a reader sees it: with capaian per indicator and RHK, and peer input by role. */
export function checkinView(doc: StoredCheckin, actor: Actor, peers: readonly StoredPeerRequest[]) {
  const pub = publicOf<StoredCheckin>(doc as unknown as Record<string, unknown>);
  return {
    ...pub,
    evidence: Object.entries(doc.evidence ?? {}).map(([evidenceId, e]) => ({ evidenceId, ...e })),
    capaian: capaianOf(doc.targets, doc.realisasi ?? []),
    peerInput: peerInputView(actor, doc, peers),
    etag: etagOf(doc.auditHead),
  };
}

/** GET a check-in: one Query (the check-in and its peer requests together). */
export async function readCheckin(actor: Actor, skpId: string, period: string) {
  const ids = idsOf(skpId, period);
  const { checkin, peers } = await readCheckinWithPeers(ids.nip, ids.year, period);
  if (!checkin || checkin.skpId !== skpId) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  const doc = checkin as unknown as StoredCheckin;
  assertCanReadCheckin(actor, doc);
  return checkinView(doc, actor, peers);
}

/** HR proves a check-in's history intact. One GetItem, then the chain (a bulk read). */
export async function checkinAudit(actor: Actor, skpId: string, period: string) {
  const ids = idsOf(skpId, period);
  const item = await getItem(keys.checkin(ids.nip, ids.year, period));
  const facts = checkinFactsOf(item);
  if (!facts || facts.skpId !== skpId) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
  assertCanReadCheckin(actor, facts);
  assertHrOf(actor, facts.agencyId);
  const head = (item as unknown as StoredCheckin).auditHead;
  const entries = await readAuditChain(subjects.checkin(skpId, period));
  const verdict = verifyChain(entries);
  const headMatches = verdict.ok && verdict.head?.hash === head.hash && verdict.head.seq === facts.version;
  return { skpId, period, intact: verdict.ok && headMatches, verdict, entries };
}

// ---- evidence ---------------------------------------------------------------------------------

/**
 * POST evidence: the declaration is refused before any URL is issued if the file is not allowed;
 * otherwise one transaction records it (conditioned on the caller owning the SKP) and the
 * presigned PUT is computed locally.
 */
export async function declareEvidence(
  actor: Actor,
  skpId: string,
  input: EvidenceInput,
  now: Date,
  idem: Idem,
): Promise<StoredResponse> {
  const id = parseSkpId(skpId);
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId });
  const declared = validateEvidence(input);
  const evidenceId = newId();
  const s3Key = evidenceKey(actor.agencyId, skpId, evidenceId, declared.fileName);
  const uploadUrl = await presignUpload(s3Key, declared, evidenceRules.uploadUrlSeconds);
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
    auditHead: { seq: audit.seq, hash: audit.hash },
  };
  const body = {
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
  const response: StoredResponse = {
    status: 201,
    body,
    headers: { location: `/v1/skp/${skpId}/evidence/${evidenceId}` },
  };
  const outcome = await transact(
    [
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.skp(id.nip, id.year),
          ConditionExpression: 'ownerNip = :actor AND agencyId = :agency AND skpId = :skpId',
          ExpressionAttributeValues: { ':actor': actor.nip, ':agency': actor.agencyId, ':skpId': skpId },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.evidence(id.nip, id.year, evidenceId), type: 'EVIDENCE', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(audit),
    ],
    idem && { ...idem, response },
  );
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt === 0) {
    const skp = outcome.current;
    if (skp?.type !== 'SKP' || skp.skpId !== skpId) throw notFound('SKP_NOT_FOUND', { skpId });
    assertCanRead(actor, skp as unknown as SkpForCheckin);
    throw forbidden('SKP_OWNER_ONLY');
  }
  throw new Error(`evidence declaration refused: ${outcome.reasons.join(',')}`);
}

/** GET evidence: one BatchGetItem (the SKP for who may read, the record for the key). */
export async function evidenceDownload(actor: Actor, skpId: string, evidenceId: string, now: Date) {
  const id = parseSkpId(skpId);
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId });
  if (!evidenceIdPattern.test(evidenceId)) throw notFound('EVIDENCE_NOT_FOUND', { evidenceId });
  const skpKey = keys.skp(id.nip, id.year);
  const recordKey = keys.evidence(id.nip, id.year, evidenceId);
  const got = await batchGet([skpKey, recordKey]);
  const skp = got.get(keyString(skpKey));
  if (skp?.type !== 'SKP' || skp.skpId !== skpId) throw notFound('SKP_NOT_FOUND', { skpId });
  assertCanRead(actor, skp as unknown as SkpForCheckin);
  const record = got.get(keyString(recordKey)) as unknown as EvidenceRecord | undefined;
  if (!record || record.skpId !== skpId) throw notFound('EVIDENCE_NOT_FOUND', { evidenceId });
  const url = await presignDownload(
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
    status: record.status,
    url,
    expiresAt: new Date(now.getTime() + evidenceRules.downloadUrlSeconds * 1000).toISOString(),
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
async function linkEvidence(
  refs: readonly { evidenceId: string; path: string }[],
  records: ReadonlyMap<string, Record<string, unknown>>,
  ids: { nip: string; year: number; skpId: string },
  actor: Actor,
  at: string,
): Promise<{ evidence: Record<string, EvidenceRef>; updates: TxItem[] }> {
  const issues: FieldIssue[] = [];
  const evidence: Record<string, EvidenceRef> = {};
  const fresh: EvidenceRecord[] = [];
  await Promise.all(
    refs.map(async ({ evidenceId, path }) => {
      const r = records.get(keyString(keys.evidence(ids.nip, ids.year, evidenceId))) as unknown as
        | EvidenceRecord
        | undefined;
      if (!r || r.skpId !== ids.skpId || r.agencyId !== actor.agencyId) {
        issues.push({ path, code: 'EVIDENCE_NOT_FOUND', params: { evidenceId } });
        return;
      }
      if (r.status !== 'VERIFIED') {
        const observed = await observeObject(r.s3Key, sniffBytes);
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
  const updates: TxItem[] = fresh.flatMap((r) => {
    const audit = nextAuditEntry(r.auditHead, {
      subject: subjects.evidence(r.skpId, r.evidenceId),
      action: 'EVIDENCE_VERIFIED',
      actorNip: actor.nip,
      at,
      data: { size: r.size, contentType: r.contentType },
    });
    return [
      {
        Update: {
          TableName: tableName(),
          Key: keys.evidence(ids.nip, ids.year, r.evidenceId),
          UpdateExpression: `SET #status = :verified, verifiedAt = :at, version = :next, auditHead = :head${r.verifiedVersionId ? ', verifiedVersionId = :ver' : ''}`,
          // Two saves verifying the same file at once: one wins, the other retries as stale.
          ConditionExpression: 'version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':verified': 'VERIFIED',
            ':at': at,
            ':v': r.version,
            ':next': audit.seq,
            ':head': { seq: audit.seq, hash: audit.hash },
            ...(r.verifiedVersionId ? { ':ver': r.verifiedVersionId } : {}),
          },
        },
      },
      auditPut(audit),
    ];
  });
  return { evidence, updates };
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
      return { type: 'FEEDBACK', indicatorIds: (change.input.indicators ?? []).map((i) => i.indicatorId) };
    case 'DIALOG':
      // A dialog with a coaching note is the appraiser's alone.
      return {
        type: change.input.coachingNote !== undefined ? 'RECORD_COACHING' : 'RECORD_DIALOG',
        date: change.input.date,
      };
  }
}

/** What the change stores: attribute values, and the audit entry's data. Pure per change. */
function contentOf(
  change: CheckinChange,
  actor: Actor,
  ids: { nip: string },
  at: string,
  realisasi?: RealisasiEntry[],
) {
  switch (change.type) {
    case 'SAVE_REALISASI':
      return { realisasi: realisasi!, realisasiCount: realisasi!.length };
    case 'SELF_ASSESS':
      return {
        selfAssessment: {
          summary: change.input.summary,
          perilaku: change.input.perilaku ?? [],
          updatedAt: at,
        },
      };
    case 'SUBMIT':
      return { submittedAt: at };
    case 'FEEDBACK':
      return {
        feedback: {
          ...(change.input.general ? { general: change.input.general } : {}),
          indicators: change.input.indicators ?? [],
          givenBy: actor.nip,
          givenAt: at,
        },
        reviewedAt: at,
      };
    case 'DIALOG': {
      const dialog: Dialog = {
        dialogId: newId(),
        date: change.input.date,
        topics: change.input.topics,
        agreedActions: change.input.agreedActions,
        ...(change.input.coachingNote ? { coachingNote: change.input.coachingNote } : {}),
        recordedBy: actor.nip,
        recordedByRole: actor.nip === ids.nip ? 'OWNER' : 'APPRAISER',
        recordedAt: at,
      };
      return { dialog };
    }
  }
}

/** Pure checks of the body that need no stored facts: 422 before anything is read or written. */
function precheck(change: CheckinChange, now: Date) {
  if (change.type === 'SAVE_REALISASI') return normalizeRealisasi(change.input);
  if (change.type === 'SELF_ASSESS') assertDistinctValues(change.input.perilaku);
  if (change.type === 'FEEDBACK') assertDistinctIndicators(change.input.indicators ?? []);
  if (change.type === 'DIALOG') assertDialogDate(change.input.date, now);
  return undefined;
}

/**
 * Every write to a check-in. With If-Match: one conditional transaction on the stored document.
 * Without: the first write of the period, which opens the check-in from its SKP (one read).
 */
export async function changeCheckin(
  actor: Actor,
  skpId: string,
  period: string,
  change: CheckinChange,
  ifMatch: AuditHead | undefined,
  now: Date,
  idem: Idem,
): Promise<StoredResponse> {
  const ids = idsOf(skpId, period);
  const normalized = precheck(change, now);
  const command = commandOf(change);
  if (!ifMatch) {
    if (!machine[command.type].creates) throw new DomainError('PRECONDITION_REQUIRED', 'IF_MATCH_REQUIRED');
    return openAndChange(actor, ids, change, command, normalized, now, idem);
  }
  const rule = machine[command.type];
  const at = now.toISOString();

  // Evidence is read only for the owner: nobody else can save realisasi, and reading it for them
  // would tell a stranger which evidence ids exist.
  let linked: Awaited<ReturnType<typeof linkEvidence>> = { evidence: {}, updates: [] };
  if (normalized?.evidence.length && actor.nip === ids.nip) {
    const records = await batchGet(
      normalized.evidence.map((e) => keys.evidence(ids.nip, ids.year, e.evidenceId)),
    );
    linked = await linkEvidence(normalized.evidence, records, ids, actor, at);
  }

  const { names, values, conditions } = documentPreconditions({
    ifMatch,
    agencyId: actor.agencyId,
    skpId,
    from: rule.from,
    at,
  });
  values[':actor'] = actor.nip;
  conditions.push(
    rule.by === 'OWNER'
      ? 'ownerNip = :actor'
      : rule.by === 'APPRAISER'
        ? 'appraiserNip = :actor'
        : '(ownerNip = :actor OR appraiserNip = :actor)',
  );
  if (rule.when !== 'ANY') {
    conditions.push('opensAtMs <= :nowMs');
    values[':nowMs'] = now.getTime();
  }
  if (rule.when === 'WINDOW') conditions.push('closesAtMs >= :nowMs');
  const sets = ['version = :next', 'updatedAt = :at', 'auditHead = :head'];
  const removes: string[] = [];
  if (rule.to !== 'SAME') {
    sets.push('#status = :to');
    values[':to'] = rule.to;
  }
  if (command.type === 'SAVE_REALISASI' || command.type === 'FEEDBACK') {
    command.indicatorIds.forEach((indicatorId, i) => {
      conditions.push(`contains(indicatorIds, :i${i})`);
      values[`:i${i}`] = indicatorId;
    });
  }

  const content = contentOf(change, actor, ids, at, normalized?.entries);
  let auditData: unknown;
  let body: Record<string, unknown> = {};
  switch (change.type) {
    case 'SAVE_REALISASI': {
      const c = content as { realisasi: RealisasiEntry[]; realisasiCount: number };
      sets.push('realisasi = :realisasi', 'realisasiCount = :rc', 'evidence = :evidence');
      Object.assign(values, {
        ':realisasi': c.realisasi,
        ':rc': c.realisasiCount,
        ':evidence': linked.evidence,
      });
      auditData = { realisasi: c.realisasi, evidence: linked.evidence };
      body = {
        status: 'OPEN',
        realisasi: c.realisasi,
        evidence: Object.entries(linked.evidence).map(([evidenceId, e]) => ({ evidenceId, ...e })),
      };
      break;
    }
    case 'SELF_ASSESS': {
      const c = content as { selfAssessment: unknown };
      sets.push('selfAssessment = :sa');
      values[':sa'] = c.selfAssessment;
      auditData = c.selfAssessment;
      body = { status: 'OPEN', selfAssessment: c.selfAssessment };
      break;
    }
    case 'SUBMIT': {
      // Who reviews and by when was fixed when the check-in was opened (the appraiser, the
      // period's review deadline), so the action item moves to them by copying stored keys.
      // When the engine first looks at it depends on now: that needs the review deadline, from
      // the cycle calendar every container keeps once read (a GetItem only when cold).
      const calendar = await cycleCalendar(actor.agencyId, ids.year);
      const dueAt = calendar?.periods.find((x) => x.period === period)?.reviewDeadline;
      if (!dueAt) throw notFound('CHECKIN_NOT_FOUND', { skpId, period });
      const index = dueIndex(dueAt, 'CHECKIN', checkinItemId(skpId, period), skpId, now);
      conditions.push(
        'attribute_type(appraiserNip, :string)',
        'realisasiCount >= indicatorCount',
        'attribute_exists(reviewOwesKey)',
        'reviewDeadline = :due',
      );
      sets.push(
        'submittedAt = :at',
        'pendingKind = :pkind',
        'pendingOwner = appraiserNip',
        'pendingDueAt = reviewDeadline',
        'gsi2pk = reviewOwesKey',
        'gsi2sk = reviewDueSk',
        'gsi3pk = :g3pk',
        'gsi3sk = :g3sk',
        'nextActionAt = :nextAction',
        'remindersSent = :rsent',
        'escalationLevel = :zero',
      );
      Object.assign(values, {
        ':string': 'S',
        ':due': dueAt,
        ':pkind': 'REVIEW_CHECKIN',
        ':zero': 0,
        ':g3pk': index.gsi3pk,
        ':g3sk': index.gsi3sk,
        ':nextAction': index.nextActionAt,
        ':rsent': index.remindersSent,
      });
      auditData = {};
      body = { status: 'SUBMITTED', submittedAt: at, pendingKind: 'REVIEW_CHECKIN', pendingDueAt: dueAt };
      break;
    }
    case 'FEEDBACK': {
      const c = content as { feedback: unknown };
      sets.push('feedback = :fb', 'reviewedAt = :at');
      removes.push(...closeStep);
      values[':fb'] = c.feedback;
      auditData = c.feedback;
      body = { status: 'REVIEWED', feedback: c.feedback };
      break;
    }
    case 'DIALOG': {
      const c = content as { dialog: Dialog };
      conditions.push('periodStart <= :date', 'dialogCount < :maxDialogs');
      Object.assign(values, {
        ':date': c.dialog.date,
        ':maxDialogs': checkinRules.maxDialogsPerCheckin,
        ':d': [c.dialog],
        ':one': 1,
      });
      sets.push('dialogs = list_append(dialogs, :d)', 'dialogCount = dialogCount + :one');
      auditData = c.dialog;
      body = { dialog: c.dialog };
      break;
    }
  }

  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.checkin(skpId, period),
    action: `CHECKIN_${command.type}`,
    actorNip: actor.nip,
    at,
    data: auditData,
  });
  values[':head'] = { seq: audit.seq, hash: audit.hash };
  const etag = etagOf(audit);
  const response: StoredResponse = {
    status: change.type === 'DIALOG' ? 201 : 200,
    body: { skpId, period, version: audit.seq, etag, ...body },
    headers: { etag },
  };
  const items: TxItem[] = [
    documentUpdate(keys.checkin(ids.nip, ids.year, period), { sets, removes, conditions, names, values }),
    auditPut(audit),
    ...linked.updates,
  ];
  const outcome = await send(items, idem && { ...idem, response });
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt === 0)
    throw explainRefusal(checkinFactsOf(outcome.current), command, actor, ifMatch.seq, now, {
      skpId,
      period,
    });
  // An evidence record changed under us (verified by a concurrent save): retry with a fresh view.
  throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });
}

/** The first write of a period: BatchGetItem (SKP, cycle, linked evidence) + one transaction. */
async function openAndChange(
  actor: Actor,
  ids: ReturnType<typeof idsOf>,
  change: CheckinChange,
  command: CheckinCommand,
  normalized: ReturnType<typeof normalizeRealisasi> | undefined,
  now: Date,
  idem: Idem,
): Promise<StoredResponse> {
  const { skpId, period } = ids;
  const skpKey = keys.skp(ids.nip, ids.year);
  const cycleKey = keys.cycle(actor.agencyId, ids.year);
  const evidenceKeys =
    actor.nip === ids.nip
      ? (normalized?.evidence ?? []).map((e) => keys.evidence(ids.nip, ids.year, e.evidenceId))
      : [];
  const got = await batchGet([skpKey, cycleKey, ...evidenceKeys]);
  const skp = got.get(keyString(skpKey)) as (SkpForCheckin & { type?: string }) | undefined;
  if (skp?.type !== 'SKP' || skp.skpId !== skpId) throw notFound('SKP_NOT_FOUND', { skpId });
  assertCanRead(actor, skp);
  const calendar = got.get(keyString(cycleKey))?.calendar as CycleCalendar | undefined;
  if (!calendar) throw notFound('SKP_NOT_FOUND', { skpId });
  rememberCalendar(actor.agencyId, ids.year, calendar);

  const base = openCheckin(skp, calendar, period);
  const next = decide(base, command, actor, 0, now);
  const at = now.toISOString();
  const linked = normalized?.evidence.length
    ? await linkEvidence(normalized.evidence, got, ids, actor, at)
    : { evidence: {}, updates: [] };
  const content = contentOf(change, actor, ids, at, normalized?.entries) as Record<string, unknown>;
  const { dialog, ...rest } = content as { dialog?: Dialog };

  const ownerDue = base.closesAt;
  const doc: StoredCheckin = {
    ...base,
    ...next,
    realisasi: [],
    evidence: linked.evidence,
    dialogs: dialog ? [dialog] : [],
    ...rest,
    pendingKind: 'SUBMIT_CHECKIN',
    ...owes(ids.nip, ownerDue, 'CHECKIN', checkinItemId(skpId, period), skpId, now),
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
    updatedAt: at,
    auditHead: { seq: 0, hash: '' },
  };
  const audit = nextAuditEntry(undefined, {
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
      ...content,
      evidence: linked.evidence,
    },
  });
  doc.auditHead = { seq: audit.seq, hash: audit.hash };
  const reviewSk = `${base.reviewDeadline}#CHECKIN#${checkinItemId(skpId, period)}`;
  const item = {
    ...keys.checkin(ids.nip, ids.year, period),
    type: 'CHECKIN',
    ...doc,
    gsi1pk: keys.agencyCheckins(base.agencyId, ids.year, period),
    gsi1sk: `UNIT#${base.unitId}#${base.ownerNip}`,
    ownerOwesKey: keys.owes(base.ownerNip),
    // Who owes the review, precomputed: submitting copies these.
    ...(base.appraiserNip ? { reviewOwesKey: keys.owes(base.appraiserNip), reviewDueSk: reviewSk } : {}),
  };
  const view = checkinView(doc, actor, []);
  const response: StoredResponse = {
    status: 201,
    body: view,
    headers: { etag: view.etag, location: pathOf(skpId, period) },
  };
  const outcome = await send(
    [
      {
        Put: {
          TableName: tableName(),
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      auditPut(audit),
      ...linked.updates,
      // The period phase's "record your realisasi" duty is done once the check-in exists.
      { Delete: { TableName: tableName(), Key: keys.duty(ids.nip, ids.year, period) } },
    ],
    idem && { ...idem, response },
  );
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt === 0) {
    // It exists already: changes to it name the version they saw.
    const current = checkinFactsOf(outcome.current);
    if (current) assertCanReadCheckin(actor, current);
    throw new DomainError('PRECONDITION_REQUIRED', 'IF_MATCH_REQUIRED');
  }
  throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });
}

/** transact, with a document too large for DynamoDB (400 KB) reported as such. */
async function send(items: TxItem[], idem: Idempotency | undefined): Promise<TxOutcome> {
  try {
    return await transact(items, idem);
  } catch (err) {
    if ((err as Error).name === 'ValidationException' && /size/i.test((err as Error).message)) {
      throw new DomainError('UNPROCESSABLE', 'CHECKIN_TOO_LARGE');
    }
    throw err;
  }
}

// ---- peer input -------------------------------------------------------------------------------

/**
 * The appraiser asks peers for BerAKHLAK input: one BatchGetItem (the SKP for the appraiser's
 * authority, the owner's name and the values' expectations; the cycle for the period; each
 * peer's profile, for the same-agency rule and the name) and one transaction holding a small
 * item per peer that carries the peer's GIVE_PEER_INPUT action item.
 */
export async function requestPeerInput(
  actor: Actor,
  skpId: string,
  period: string,
  peerNips: readonly string[],
  now: Date,
  idem: Idem,
): Promise<StoredResponse> {
  const ids = idsOf(skpId, period);
  const skpKey = keys.skp(ids.nip, ids.year);
  const cycleKey = keys.cycle(actor.agencyId, ids.year);
  const got = await batchGet([skpKey, cycleKey, ...[...new Set(peerNips)].map((nip) => keys.employee(nip))]);
  const skp = got.get(keyString(skpKey)) as
    | (SkpForCheckin & { type?: string; version: number; approvedContent?: SkpContent })
    | undefined;
  if (skp?.type !== 'SKP' || skp.skpId !== skpId) throw notFound('SKP_NOT_FOUND', { skpId });
  assertCanRead(actor, skp);
  const calendar = got.get(keyString(cycleKey))?.calendar as CycleCalendar | undefined;
  const window = calendar && checkinWindow(calendar, ids.year, period);
  if (!calendar || !window)
    throw new DomainError('NOT_FOUND', 'UNKNOWN_PERIOD', {
      periods: calendar?.periods.map((p) => p.period).join(', ') ?? '-',
    });
  const profiles = new Map(
    peerNips.flatMap((nip) => {
      const p = got.get(keyString(keys.employee(nip)));
      return p ? [[nip, { agencyId: p.agencyId as string, name: p.name as string }] as const] : [];
    }),
  );
  const peers = planPeerRequest(skp, actor, peerNips, profiles, window, now);

  const cal = new WorkCalendar(calendar.timeZone, [ids.year, ids.year + 1], calendar.localDaysOff);
  const dueAt = cal.endOfDay(cal.addWorkingDays(cal.localDate(now), checkinRules.peerInputWorkingDays));
  const anonymous = visibilityOf(skp.agencyId) === 'ANONYMOUS';
  const at = now.toISOString();
  const perilaku = skp.approvedContent?.perilaku ?? [];
  const items: TxItem[] = [];
  for (const peer of peers) {
    const audit = nextAuditEntry(undefined, {
      subject: subjects.peerInput(skpId, period, peer.peerNip),
      action: 'PEER_INPUT_REQUESTED',
      actorNip: actor.nip,
      at,
      data: { peerNip: peer.peerNip, anonymous, dueAt },
    });
    const request: StoredPeerRequest & Record<string, unknown> = {
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
      pendingKind: 'GIVE_PEER_INPUT',
      ...owes(
        peer.peerNip,
        dueAt,
        'PEER_INPUT',
        `${checkinItemId(skpId, period)}#${peer.peerNip}`,
        skpId,
        now,
      ),
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
      auditHead: { seq: audit.seq, hash: audit.hash },
    };
    items.push(
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.peerRequest(ids.nip, ids.year, period, peer.peerNip),
            type: 'PEER_REQUEST',
            ...request,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(audit),
    );
  }
  // The SKP as read: still this appraiser's, still approved.
  items.push({
    ConditionCheck: {
      TableName: tableName(),
      Key: skpKey,
      ConditionExpression: 'appraiserNip = :actor AND attribute_exists(approvedContent)',
      ExpressionAttributeValues: { ':actor': actor.nip },
    },
  });
  const body = {
    skpId,
    period,
    anonymous,
    requested: peers.map((p) => ({ ...p, status: 'REQUESTED', dueAt })),
  };
  const response: StoredResponse = { status: 201, body };
  const outcome = await transact(items, idem && { ...idem, response });
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  if (outcome.refusedAt >= 0 && outcome.refusedAt < items.length - 1) {
    throw new DomainError('CONFLICT', 'PEER_ALREADY_REQUESTED', {
      nip: peers[Math.floor(outcome.refusedAt / 2)]!.peerNip,
    });
  }
  throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: skp.version });
}

const peerView = (item: Record<string, unknown>) => {
  const r = publicOf<StoredPeerRequest & { auditHead: AuditHead }>(item);
  return { ...r, etag: etagOf(r.auditHead) };
};

/** The peer reads what they are asked: one GetItem, on a key that contains the caller's NIP. */
export async function readPeerRequest(actor: Actor, skpId: string, period: string) {
  const ids = idsOf(skpId, period);
  const item = await getItem(keys.peerRequest(ids.nip, ids.year, period, actor.nip));
  const facts = item as unknown as PeerRequestFacts | undefined;
  decidePeerInput(facts, actor, facts?.version ?? 0, { skpId, period });
  return peerView(item!);
}

/** The peer answers (or revises the answer): one transaction; it closes their action item. */
export async function givePeerInput(
  actor: Actor,
  skpId: string,
  period: string,
  input: PeerInputInput,
  ifMatch: AuditHead,
  now: Date,
): Promise<StoredResponse> {
  const ids = idsOf(skpId, period);
  assertDistinctPeerValues(input);
  const at = now.toISOString();
  const answer = { values: input.values, ...(input.general ? { general: input.general } : {}) };
  const audit = nextAuditEntry(ifMatch, {
    subject: subjects.peerInput(skpId, period, actor.nip),
    action: 'PEER_INPUT_GIVEN',
    actorNip: actor.nip,
    at,
    data: answer,
  });
  const etag = etagOf(audit);
  const response: StoredResponse = {
    status: 200,
    body: { skpId, period, status: 'GIVEN', version: audit.seq, etag, answer, givenAt: at },
    headers: { etag },
  };
  const outcome = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.peerRequest(ids.nip, ids.year, period, actor.nip),
        UpdateExpression: `SET #status = :given, answer = :answer, givenAt = :at, updatedAt = :at, version = :next, auditHead = :head REMOVE ${closeStep.join(', ')}`,
        ConditionExpression:
          'version = :v AND auditHead.#hash = :h AND peerNip = :actor AND agencyId = :agency AND skpId = :skpId',
        ExpressionAttributeNames: { '#status': 'status', '#hash': 'hash' },
        ExpressionAttributeValues: {
          ':given': 'GIVEN',
          ':answer': answer,
          ':at': at,
          ':next': audit.seq,
          ':head': { seq: audit.seq, hash: audit.hash },
          ':v': ifMatch.seq,
          ':h': ifMatch.hash,
          ':actor': actor.nip,
          ':agency': actor.agencyId,
          ':skpId': skpId,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    auditPut(audit),
  ]);
  if (outcome.ok) return response;
  if ('replay' in outcome) return outcome.replay;
  const current = outcome.current as unknown as PeerRequestFacts | undefined;
  decidePeerInput(current, actor, ifMatch.seq, { skpId, period });
  // Same version, other hash: a forged or foreign ETag.
  throw new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: current!.version });
}
