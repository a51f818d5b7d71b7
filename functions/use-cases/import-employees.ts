/**
 * The employee import, shared by the HTTP route and the CLI: parse the CSV, validate every row,
 * check the org against the agency, then upsert in batches and record one audit entry.
 * Nothing is written unless every row is valid.
 */
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { limits } from '#config/limits.ts';
import type { Actor } from '#core/actor.ts';
import { DomainError, type FieldIssue, notFound, validationFailed } from '#core/errors.ts';
import type { Lang } from '#core/messages.ts';
import { checkHeader, planImport, validateRows } from '#core/org-import.ts';
import { localDate } from '#core/time.ts';
import {
  findAgenciesOf,
  getAgency,
  listAgencyEmployees,
  recordImport,
  releaseImportLease,
  takeImportLease,
  writeEmployees,
} from '../adapters/org-store.ts';
import { refreshDocumentFacts } from './refresh-facts.ts';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rows: number;
}

export interface ImportOptions {
  agencyId: string;
  csv: string;
  actor: Pick<Actor, 'nip'>;
  now: Date;
  lang?: Lang;
  /** Progress for the CLI: phase and counts. */
  onProgress?: (phase: 'parsed' | 'validated' | 'writing' | 'done', done: number, total: number) => void;
}

const rejected = (issues: FieldIssue[]) => validationFailed(issues, 'IMPORT_INVALID');

function parseCsv(csv: string): { header: string[]; records: Record<string, string>[] } {
  let header: string[] = [];
  try {
    const records = parse(csv, {
      bom: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        return header;
      },
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
    return { header, records };
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw rejected([
        { row: line ?? 0, path: '(row)', code: 'MALFORMED_CSV', params: { reason: err.message } },
      ]);
    }
    throw err;
  }
}

export async function importEmployees(o: ImportOptions): Promise<ImportResult> {
  const agency = await getAgency(o.agencyId);
  if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId: o.agencyId });

  const { header, records } = parseCsv(o.csv);
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

  const { rows, issues } = validateRows(records, localDate(o.now, agency.timeZone), o.lang);
  const existing = await listAgencyEmployees(o.agencyId);
  const outside = rows.map((r) => r.data.nip).filter((nip) => !existing.has(nip));
  const otherAgency = await findAgenciesOf(outside);
  const alsoKnown = new Set(records.map((r) => (r.nip ?? '').trim()));
  const result = planImport(rows, { agencyId: o.agencyId, now: o.now, existing, otherAgency, alsoKnown });
  const all = [...issues, ...('issues' in result ? result.issues : [])].sort(
    (a, b) => (a.row ?? 0) - (b.row ?? 0),
  );
  if (all.length || 'issues' in result) throw rejected(all);
  const { plan } = result;
  o.onProgress?.('validated', records.length, records.length);

  await takeImportLease(o.agencyId, o.now);
  try {
    await writeEmployees(plan.writes, (n) => o.onProgress?.('writing', n, plan.writes.length));
    // Those who moved: their SKP and check-ins follow them (who may read, approve, review).
    const refreshed = await refreshDocumentFacts(plan.writes, existing);
    const employeeCount = new Set([...existing.keys(), ...rows.map((r) => r.data.nip)]).size;
    await recordImport(agency, employeeCount, o.actor.nip, o.now.toISOString(), {
      rows: records.length,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      written: plan.writes.length,
      documentsRefreshed: refreshed,
      sha256: createHash('sha256').update(o.csv).digest('hex'),
    });
  } catch (err) {
    await releaseImportLease(o.agencyId).catch(() => {});
    throw err;
  }
  o.onProgress?.('done', plan.writes.length, plan.writes.length);
  return { created: plan.created, updated: plan.updated, unchanged: plan.unchanged, rows: records.length };
}
