/**
 * The employee import, shared by the HTTP route and the CLI: parse the CSV, validate every row,
 * check the org against the agency, then upsert in batches and record one audit entry. Nothing
 * is written unless every row is valid, and only one import of an agency runs at a time: the
 * lease is taken before anything is read, so an import never writes from a stale view.
 */
import { createHash } from 'node:crypto';
import { limits } from '#config/limits.ts';
import type { Actor } from '#core/actor.ts';
import { headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { conflict, DomainError, type FieldIssue, notFound, validationFailed } from '#core/errors.ts';
import { absent, and, eq, exists, lt, or } from '#core/expr.ts';
import type { TextEncoding } from '#core/import-file.ts';
import type { Lang } from '#core/messages.ts';
import { checkHeader, planImport, validateRows } from '#core/org-import.ts';
import type { Deps, Doc } from '#core/ports.ts';
import { localDate } from '#core/time.ts';
import { readTable } from './import-file.ts';
import { applyMoves } from './moves.ts';
import { getAgency, listAgencyEmployees } from './org.ts';
import { closeLeaversSteps, refreshDocumentFacts } from './refresh-facts.ts';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rows: number;
  /** How the file was read. */
  format: 'CSV' | 'XLSX';
  encoding?: TextEncoding;
  separator?: string;
  /** Moves mid-year and leavers: SKPs ended, steps handed on or closed. */
  moved: number;
  left: number;
  skpsEnded: number;
  stepsHandedOn: number;
  stepsClosed: number;
}

export interface ImportOptions {
  agencyId: string;
  /** The file as uploaded (CSV in any of Excel's encodings and separators, or XLSX), or CSV text. */
  file: { bytes: Uint8Array; contentType?: string } | string;
  actor: Pick<Actor, 'nip'>;
  lang?: Lang;
  /** Progress for the CLI: phase and counts. */
  onProgress?: (phase: 'parsed' | 'validated' | 'writing' | 'done', done: number, total: number) => void;
}

const LEASE_MINUTES = 15;
const rejected = (issues: FieldIssue[]) => validationFailed(issues, 'IMPORT_INVALID');

export async function importEmployees(deps: Deps, o: ImportOptions): Promise<ImportResult> {
  const now = deps.clock.now();
  const bytes = typeof o.file === 'string' ? new TextEncoder().encode(o.file) : o.file.bytes;
  const table = await readTable(bytes, typeof o.file === 'string' ? undefined : o.file.contentType);
  const { header, records } = table;
  const headerIssues = checkHeader(header);
  if (headerIssues.length) throw rejected(headerIssues);
  if (!records.length) throw rejected([{ row: 2, path: '(file)', code: 'EMPTY_FILE' }]);
  if (records.length > limits.importMaxRows) {
    throw new DomainError('UNPROCESSABLE', 'TOO_MANY_ROWS', {
      rows: records.length,
      max: limits.importMaxRows,
    });
  }
  o.onProgress?.('parsed', records.length, records.length);

  // The lease first: a second import at the same time is refused before it reads anything.
  const token = deps.newId(8);
  const agencyRef = { kind: 'AGENCY' as const, id: { agencyId: o.agencyId } };
  const busy = conflict('IMPORT_CONCURRENT', { agencyId: o.agencyId });
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: agencyRef,
        when: or(absent('importLease'), lt('importLease.until', now.toISOString())),
        changes: {
          set: {
            importLease: { token, until: new Date(now.getTime() + LEASE_MINUTES * 60_000).toISOString() },
          },
        },
        explain: (current) => (current ? busy : notFound('AGENCY_NOT_FOUND', { agencyId: o.agencyId })),
      },
    ],
    { result: undefined },
  );
  const release = () =>
    deps.store
      .commit(
        [
          {
            type: 'update',
            ref: agencyRef,
            when: eq('importLease.token', token),
            changes: { remove: ['importLease'] },
            explain: () => busy,
          },
        ],
        { result: undefined },
      )
      .catch(() => {});
  try {
    const agency = await getAgency(deps, o.agencyId);
    if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId: o.agencyId });
    const { rows, issues } = validateRows(records, localDate(now, agency.timeZone), o.lang);
    const existing = await listAgencyEmployees(deps, o.agencyId);
    const outside = rows.map((r) => r.data.nip).filter((nip) => !existing.has(nip));
    const found = await deps.store.getMany(
      outside.map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
      ['nip', 'agencyId'],
    );
    const otherAgency = new Map(
      found.filter((d): d is Doc => d !== undefined).map((d) => [String(d.nip), String(d.agencyId)]),
    );
    const alsoKnown = new Set(records.map((r) => (typeof r.nip === 'string' ? r.nip.trim() : '')));
    const result = planImport(rows, { agencyId: o.agencyId, now, existing, otherAgency, alsoKnown });
    const all = [...issues, ...('issues' in result ? result.issues : [])].sort(
      (a, b) => (a.row ?? 0) - (b.row ?? 0),
    );
    if (all.length || 'issues' in result) throw rejected(all);
    const { plan } = result;
    o.onProgress?.('validated', records.length, records.length);

    await deps.store.putMany(
      plan.writes.map((e) => ({
        ref: { kind: 'EMPLOYEE' as const, id: { nip: e.nip } },
        doc: e as unknown as Doc,
      })),
      (n) => o.onProgress?.('writing', n, plan.writes.length),
    );
    // Moves mid-year and leavers first: the SKP of the old post ends (it keeps its appraiser and
    // its months), a leaver's own steps close. Then the documents of those whose chart changed
    // follow them (who may read, approve, review), ended SKPs excepted; a leaver's reports' steps
    // pass to their new supervisor that way.
    const moves = await applyMoves(deps, {
      agencyId: o.agencyId,
      actorNip: o.actor.nip,
      moves: plan.moves,
    });
    const refreshed = await refreshDocumentFacts(deps, plan.writes, existing, plan.moves);
    const closed = await closeLeaversSteps(deps, plan.moves);
    const employeeCount = new Set([...existing.keys(), ...rows.map((r) => r.data.nip)]).size;
    const entry = nextAuditEntry(agency.auditHead, {
      subject: subjects.agency(agency.agencyId),
      action: 'EMPLOYEES_IMPORTED',
      actorNip: o.actor.nip,
      at: now.toISOString(),
      data: {
        rows: records.length,
        created: plan.created,
        updated: plan.updated,
        unchanged: plan.unchanged,
        written: plan.writes.length,
        documentsRefreshed: refreshed.documents,
        stepsHandedOn: refreshed.steps,
        moves: plan.moves,
        skpsEnded: moves.skpsEnded,
        stepsClosed: closed + moves.stepsClosed,
        format: table.format,
        ...(table.encoding ? { encoding: table.encoding, separator: table.separator } : {}),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    });
    // The count, the audit entry and the lease's release in one transaction, still under our lease.
    await deps.store.commit(
      [
        {
          type: 'update',
          ref: agencyRef,
          when: and(exists('importLease'), eq('importLease.token', token), eq('version', agency.version)),
          changes: {
            set: { employeeCount, version: agency.version + 1, auditHead: headOf(entry) },
            remove: ['importLease'],
          },
          explain: () => busy,
        },
        { type: 'audit', entry },
      ],
      { result: undefined },
    );
    deps.metrics.count('ImportsCompleted');
    o.onProgress?.('done', plan.writes.length, plan.writes.length);
    return {
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      rows: records.length,
      format: table.format,
      ...(table.encoding ? { encoding: table.encoding, separator: table.separator } : {}),
      moved: plan.moves.filter((m) => m.reason === 'MOVED').length,
      left: plan.moves.filter((m) => m.reason === 'LEFT').length,
      skpsEnded: moves.skpsEnded,
      stepsHandedOn: refreshed.steps,
      stepsClosed: closed + moves.stepsClosed,
    };
  } catch (err) {
    await release();
    throw err;
  }
}
