/**
 * The employee import, shared by the HTTP routes (synchronous and as a job) and the CLI: read the
 * file (CSV in any of Excel's encodings and separators, or XLSX: ./import-file.ts), validate every
 * row, check the org against the agency, then write. All or nothing, whatever runs beside it and
 * wherever it stops:
 *
 *  1. the lease on the agency first (a second import at the same time gets 409 before it reads
 *     or writes anything; a job retried with its own id takes its own lease back);
 *  2. read and validate; any bad row: 422 (the first `importMaxErrors` and the total), nothing
 *     written;
 *  3. stage: every employee to write goes to the import's own staging partition, which no reader
 *     looks at. A crash here leaves only invisible staged items (they expire). A change of at
 *     most 48 employees (most re-imports) skips this: it is written in the commit itself;
 *  4. commit: ONE transaction on the agency, conditioned on still holding the lease and on the
 *     version read, records the count, the audit entry and "import <token> committed, applying";
 *  5. apply: the staged employees are written where readers see them; moves mid-year and leavers
 *     end the old post's SKP (./moves.ts), the documents of people who moved in the chart follow
 *     them (a leaver's reports' steps pass to their new supervisor that way), a leaver's own
 *     steps close; then one write clears the mark and releases the lease. Each of these is
 *     idempotent, so a finish after a crash does them again from the staged items.
 *
 * A crash after the commit leaves the mark: the next import of the agency (or the retried job)
 * finishes it from the staged items before doing anything else (roll forward). Readers may see a
 * partly applied import only while step 5 runs (or until that finish after a crash): never a
 * refused, stale or half-validated one.
 */
import { createHash } from 'node:crypto';
import { limits } from '#config/limits.ts';
import type { Actor } from '#core/actor.ts';
import { headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import type { Employee } from '#core/employee.ts';
import { conflict, DomainError, type FieldIssue, notFound } from '#core/errors.ts';
import { absent, and, eq, lt, or } from '#core/expr.ts';
import type { ImportOutcome, ImportPhase } from '#core/import-job.ts';
import type { Lang } from '#core/messages.ts';
import { checkHeader, type PlannedMove, planImport, validateRows } from '#core/org-import.ts';
import type { Deps, Doc, TxOp } from '#core/ports.ts';
import { localDate } from '#core/time.ts';
import { readTable } from './import-file.ts';
import { applyMoves } from './moves.ts';
import { getAgency, listAgencyEmployees, type StoredAgency } from './org.ts';
import { closeLeaversSteps, movesInChart, refreshMoved } from './refresh-facts.ts';

export type ImportResult = ImportOutcome;

export interface ImportOptions {
  agencyId: string;
  /** The file as uploaded (CSV in any of Excel's encodings and separators, or XLSX), or CSV text. */
  file: { bytes: Uint8Array; contentType?: string } | string;
  actor: Pick<Actor, 'nip'>;
  lang?: Lang;
  /** The most rows this route takes (the synchronous route: `limits.importSyncMaxRows`). */
  maxRows?: number;
  /** The lease token: a job's id, so a retried job takes its own lease back and finishes its own commit. */
  token?: string;
  /** Progress (the CLI, the job record): phase and counts. */
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

/**
 * Changed employees written in the commit transaction itself (each may add its staged copy, with
 * the agency and the audit entry: at most 98 of DynamoDB's 100 items).
 */
const ONE_TRANSACTION = 48;

/** What the agency item carries between the commit and the end of the apply. */
export interface ImportApplying {
  token: string;
  /** What the commit decided; the counts of the apply (SKPs ended, steps) are 0 until it ran. */
  outcome: ImportOutcome;
  staged: number;
  /** Who imported (the SKPs a move ends are ended in their name); absent on a mark of before moves. */
  actorNip?: string;
}

/** What the apply did beyond writing the employees. */
interface Applied {
  skpsEnded: number;
  stepsHandedOn: number;
  stepsClosed: number;
}

/**
 * After the employees are written: the old post's SKP of those who moved mid-year or left ends
 * (first, so the refresh leaves it with who appraised it), the documents of those who moved in
 * the chart follow them, a leaver's own open steps close. Idempotent (an ENDED SKP is skipped,
 * a refresh or a close conditioned on what it changes), so the roll-forward does it again.
 */
async function applyChanges(
  deps: Deps,
  agencyId: string,
  actorNip: string,
  movers: readonly Employee[],
  moves: readonly PlannedMove[],
): Promise<Applied> {
  const ended = await applyMoves(deps, { agencyId, actorNip, moves });
  const refreshed = await refreshMoved(deps, movers, moves);
  const closed = await closeLeaversSteps(deps, moves);
  return {
    skpsEnded: ended.skpsEnded,
    stepsHandedOn: refreshed.steps,
    stepsClosed: closed + ended.stepsClosed,
  };
}

/** A 422 with the first row problems only (a file of bad rows must not make a 40 MB answer). */
function rejected(issues: FieldIssue[]): DomainError {
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return new DomainError(
    'UNPROCESSABLE',
    'IMPORT_INVALID',
    { count: issues.length, total: issues.length },
    sorted.slice(0, limits.importMaxErrors),
  );
}

const agencyRef = (agencyId: string) => ({ kind: 'AGENCY' as const, id: { agencyId } });
const employeeRef = (nip: string) => ({ kind: 'EMPLOYEE' as const, id: { nip } });
const stageRef = (agencyId: string, token: string, nip: string) => ({
  kind: 'IMPORT_STAGE' as const,
  id: { agencyId, token, nip },
});

/**
 * Finishes an import that committed and did not get to the end of its apply (it crashed, or
 * its function was frozen): its staged employees are written again (the same documents: doing
 * it twice changes nothing), the documents of those who moved follow them, the mark is cleared.
 */
async function finishCommitted(
  deps: Deps,
  agencyId: string,
  applying: ImportApplying,
  onProgress?: ImportOptions['onProgress'],
): Promise<Applied> {
  let applied = 0;
  const moved: Employee[] = [];
  const moves: PlannedMove[] = [];
  for await (const page of deps.store.pages({
    kind: 'IMPORT_STAGE',
    pattern: 'staged',
    params: { agencyId, token: applying.token },
  })) {
    const employees = page.map((d) => d.employee as Employee);
    await deps.store.putMany(employees.map((e) => ({ ref: employeeRef(e.nip), doc: e as unknown as Doc })));
    applied += employees.length;
    onProgress?.('applying', applied, applying.staged);
    moved.push(...page.filter((d) => d.moved === true).map((d) => d.employee as Employee));
    moves.push(...page.flatMap((d) => (d.move ? [d.move as PlannedMove] : [])));
  }
  // An import committed before moves were staged has no actor on its mark: the import's own.
  const done = await applyChanges(deps, agencyId, applying.actorNip ?? 'SYSTEM-IMPORT', moved, moves);
  await deps.store
    .commit(
      [
        {
          type: 'update',
          ref: agencyRef(agencyId),
          when: eq('importApplying.token', applying.token),
          changes: { remove: ['importApplying'] },
          // Someone else finished it first: nothing left to do.
          explain: () => conflict('IMPORT_CONCURRENT', { agencyId }),
        },
      ],
      { result: undefined },
    )
    .catch((err: unknown) => {
      if (!(err instanceof DomainError && err.code === 'IMPORT_CONCURRENT')) throw err;
    });
  return done;
}

export async function importEmployees(deps: Deps, o: ImportOptions): Promise<ImportResult> {
  const now = deps.clock.now();
  const bytes = typeof o.file === 'string' ? new TextEncoder().encode(o.file) : o.file.bytes;
  const table = await readTable(bytes, typeof o.file === 'string' ? undefined : o.file.contentType);
  const { header, records } = table;
  const headerIssues = checkHeader(header);
  if (headerIssues.length) throw rejected(headerIssues);
  if (!records.length) throw rejected([{ row: 2, path: '(file)', code: 'EMPTY_FILE' }]);
  if (o.maxRows !== undefined && records.length > o.maxRows) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'IMPORT_TOO_LARGE_FOR_SYNC', {
      rows: records.length,
      max: o.maxRows,
      agencyId: o.agencyId,
    });
  }
  if (records.length > limits.importMaxRows) {
    throw new DomainError('UNPROCESSABLE', 'TOO_MANY_ROWS', {
      rows: records.length,
      max: limits.importMaxRows,
    });
  }
  o.onProgress?.('parsed', records.length, records.length);

  // 1. The lease first: a second import at the same time is refused before it reads anything.
  const token = o.token ?? deps.newId(8);
  const busy = conflict('IMPORT_CONCURRENT', { agencyId: o.agencyId });
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: agencyRef(o.agencyId),
        when: or(
          absent('importLease'),
          lt('importLease.until', now.toISOString()),
          eq('importLease.token', token),
        ),
        changes: {
          set: {
            importLease: {
              token,
              until: new Date(now.getTime() + limits.importLeaseMinutes * 60_000).toISOString(),
            },
          },
        },
        explain: (current) => (current ? busy : notFound('AGENCY_NOT_FOUND', { agencyId: o.agencyId })),
      },
    ],
    { result: undefined },
  );
  const release = (alsoApplying: boolean) =>
    deps.store.commit(
      [
        {
          type: 'update',
          ref: agencyRef(o.agencyId),
          when: eq('importLease.token', token),
          changes: { remove: alsoApplying ? ['importLease', 'importApplying'] : ['importLease'] },
          explain: () => busy,
        },
      ],
      { result: undefined },
    );
  try {
    let agency = await getAgency(deps, o.agencyId);
    if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId: o.agencyId });
    // An import that committed and never finished: finish it first (roll forward).
    const unfinished = (agency as StoredAgency & { importApplying?: ImportApplying }).importApplying;
    if (unfinished) {
      const finished = await finishCommitted(deps, o.agencyId, unfinished, o.onProgress);
      // This very import, retried (a job's second delivery): its outcome is the committed one,
      // with what this finish did (after a crash mid-apply: what was left to do).
      if (unfinished.token === token) {
        await release(true);
        o.onProgress?.('done', unfinished.staged, unfinished.staged);
        return { ...unfinished.outcome, ...finished };
      }
      agency = (await getAgency(deps, o.agencyId))!;
    }

    // 2. Read and validate.
    const { rows, issues } = validateRows(records, localDate(now, agency.timeZone), o.lang);
    const existing = await listAgencyEmployees(deps, o.agencyId);
    const outside = rows.map((r) => r.data.nip).filter((nip) => !existing.has(nip));
    const found = await deps.store.getMany(outside.map(employeeRef), ['nip', 'agencyId']);
    const otherAgency = new Map(
      found.filter((d): d is Doc => d !== undefined).map((d) => [String(d.nip), String(d.agencyId)]),
    );
    const alsoKnown = new Set(records.map((r) => (typeof r.nip === 'string' ? r.nip.trim() : '')));
    const result = planImport(rows, { agencyId: o.agencyId, now, existing, otherAgency, alsoKnown });
    const all = [...issues, ...('issues' in result ? result.issues : [])];
    if (all.length || 'issues' in result) throw rejected(all);
    const { plan } = result;
    o.onProgress?.('validated', records.length, records.length);

    const moved = new Set(plan.writes.filter((e) => movesInChart(existing.get(e.nip), e)).map((e) => e.nip));
    const moveOf = new Map(plan.moves.map((m) => [m.nip, m]));
    const stagedAt = now.toISOString();
    const staged = (e: Employee): { ref: ReturnType<typeof stageRef>; doc: Doc } => {
      const move = moveOf.get(e.nip);
      return {
        ref: stageRef(o.agencyId, token, e.nip),
        doc: {
          agencyId: o.agencyId,
          token,
          nip: e.nip,
          employee: e,
          moved: moved.has(e.nip),
          ...(move ? { move } : {}),
          stagedAt,
        },
      };
    };
    // Those whose documents change after the employees are written: a crash before that is
    // finished from their staged items.
    const followUp = (e: Employee) => moved.has(e.nip) || moveOf.has(e.nip);
    // A small change (most re-imports) fits in the commit itself: the employees are written in
    // the same transaction, atomically; only those with documents to follow (movers, moves
    // mid-year, leavers) are staged there too, so that a crash before that is finished like any other.
    const inOneTransaction = plan.writes.length <= ONE_TRANSACTION;

    // 3. Stage: invisible until the commit says otherwise.
    if (!inOneTransaction) {
      await deps.store.putMany(plan.writes.map(staged), (n) =>
        o.onProgress?.('staging', n, plan.writes.length),
      );
    }

    // 4. The commit point: one transaction, still under our lease and on the version we read.
    const outcome: ImportOutcome = {
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      rows: records.length,
      format: table.format,
      ...(table.encoding ? { encoding: table.encoding, separator: table.separator as ',' | ';' | '\t' } : {}),
      moved: plan.moves.filter((m) => m.reason === 'MOVED').length,
      left: plan.moves.filter((m) => m.reason === 'LEFT').length,
      skpsEnded: 0,
      stepsHandedOn: 0,
      stepsClosed: 0,
    };
    const employeeCount = new Set([...existing.keys(), ...rows.map((r) => r.data.nip)]).size;
    const entry = nextAuditEntry(agency.auditHead, {
      subject: subjects.agency(agency.agencyId),
      action: 'EMPLOYEES_IMPORTED',
      actorNip: o.actor.nip,
      at: now.toISOString(),
      data: {
        ...outcome,
        written: plan.writes.length,
        movedInChart: moved.size,
        moves: plan.moves,
        importId: token,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    });
    const applying: ImportApplying = {
      token,
      outcome,
      staged: inOneTransaction ? plan.writes.filter(followUp).length : plan.writes.length,
      actorNip: o.actor.nip,
    };
    const direct: TxOp[] = inOneTransaction
      ? plan.writes.flatMap((e) => [
          { type: 'put' as const, ref: employeeRef(e.nip), doc: e as unknown as Doc },
          ...(followUp(e) ? [{ type: 'put' as const, ...staged(e) }] : []),
        ])
      : [];
    await deps.store.commit(
      [
        {
          type: 'update',
          ref: agencyRef(o.agencyId),
          when: and(eq('importLease.token', token), eq('version', agency.version)),
          changes: {
            set: {
              employeeCount,
              version: agency.version + 1,
              auditHead: headOf(entry),
              importApplying: applying,
            },
          },
          explain: () => busy,
        },
        { type: 'audit', entry },
        ...direct,
      ],
      { result: undefined },
    );
    o.onProgress?.('committed', plan.writes.length, plan.writes.length);

    // 5. Apply (from memory: the staged items are the same documents), then release.
    if (!inOneTransaction) {
      await deps.store.putMany(
        plan.writes.map((e) => ({ ref: employeeRef(e.nip), doc: e as unknown as Doc })),
        (n) => o.onProgress?.('applying', n, plan.writes.length),
      );
    }
    const applied = await applyChanges(
      deps,
      o.agencyId,
      o.actor.nip,
      plan.writes.filter((e) => moved.has(e.nip)),
      plan.moves,
    );
    await release(true);
    deps.metrics.count('ImportsCompleted');
    o.onProgress?.('done', plan.writes.length, plan.writes.length);
    return { ...outcome, ...applied };
  } catch (err) {
    // Before the commit nothing is visible: give the lease back. After it, the mark stays (and,
    // with the lease given back, the next import finishes this one first).
    await release(false).catch(() => {});
    throw err;
  }
}
