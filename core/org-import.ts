/**
 * The employee import (org chart) as pure functions: validate every row, then plan the upsert of
 * the whole agency's org (the file merged over what the agency already has), recomputing each
 * employee's manager chain and direct-report count. All-or-nothing: any issue -> no plan.
 */
import type { Employee, ImportRowInput } from './employee.ts';
import { importColumns, importOptionalColumns, importRowSchema } from './employee.ts';
import type { FieldIssue } from './errors.ts';
import type { Lang } from './messages.ts';
import { checkNip } from './nip.ts';
import { parseOptions, toFieldIssues } from './validation.ts';

export interface ParsedRow {
  /** The row number a person sees in a spreadsheet: the header is row 1. */
  row: number;
  data: ImportRowInput;
}

/** Checks the header: the contract's columns in any order, plus known optional ones. */
export function checkHeader(header: readonly string[]): FieldIssue[] {
  const known = new Set<string>([...importColumns, ...importOptionalColumns]);
  const missing = importColumns.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !known.has(c));
  // A column named twice would let the last one win silently: refused, naming the column.
  const twice = header.find((c, i) => header.indexOf(c) !== i);
  if (twice !== undefined && known.has(twice))
    return [{ row: 1, path: '(header)', code: 'CSV_HEADER_DUPLICATE', params: { column: twice } }];
  return missing.length || unknown.length
    ? [{ row: 1, path: '(header)', code: 'CSV_HEADER', params: { expected: importColumns.join(',') } }]
    : [];
}

/** Shape and NIP rules for each row on its own, and duplicates within the file. */
export function validateRows(
  records: readonly Record<string, string>[],
  today: string,
  lang: Lang = 'id',
): { rows: ParsedRow[]; issues: FieldIssue[] } {
  const rows: ParsedRow[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const unitNames = new Map<string, { name: string; row: number }>();

  records.forEach((record, i) => {
    const row = i + 2;
    const parsed = importRowSchema.safeParse(record, parseOptions(lang));
    if (!parsed.success) {
      for (const issue of toFieldIssues(parsed.error.issues)) issues.push({ ...issue, row });
      // Still check the NIP's own rules and duplicates, so one pass reports every problem.
      const nip = (record.nip ?? '').trim();
      if (/^\d{18}$/.test(nip)) {
        const check = checkNip(nip, today, record.asnType === 'PPPK' ? 'PPPK' : 'PNS');
        if (!check.ok)
          issues.push({ row, path: 'nip', code: check.code, params: { value: check.value ?? nip } });
        const first = seen.get(nip);
        if (first !== undefined)
          issues.push({ row, path: 'nip', code: 'DUPLICATE_NIP', params: { nip, otherRow: first } });
        else seen.set(nip, row);
      }
      return;
    }
    const data = parsed.data;
    let ok = true;
    const nipCheck = checkNip(data.nip, today, data.asnType ?? 'PNS');
    if (!nipCheck.ok) {
      ok = false;
      issues.push({ row, path: 'nip', code: nipCheck.code, params: { value: nipCheck.value ?? data.nip } });
    }
    if (data.supervisorNip === data.nip) {
      ok = false;
      issues.push({ row, path: 'supervisorNip', code: 'SELF_SUPERVISOR' });
    }
    const first = seen.get(data.nip);
    if (first !== undefined) {
      ok = false;
      issues.push({ row, path: 'nip', code: 'DUPLICATE_NIP', params: { nip: data.nip, otherRow: first } });
    } else seen.set(data.nip, row);
    const unit = unitNames.get(data.unitId);
    if (unit && unit.name !== data.unitName) {
      ok = false;
      issues.push({
        row,
        path: 'unitName',
        code: 'UNIT_NAME_MISMATCH',
        params: { unitId: data.unitId, a: unit.name, b: data.unitName },
      });
    } else if (!unit) unitNames.set(data.unitId, { name: data.unitName, row });
    if (ok) rows.push({ row, data });
  });
  return { rows, issues };
}

export interface ImportContext {
  agencyId: string;
  now: Date;
  /** The agency's current employees, by NIP. */
  existing: ReadonlyMap<string, Employee>;
  /** NIPs of the file already registered in another agency -> that agency. */
  otherAgency: ReadonlyMap<string, string>;
  /** NIPs of rows that failed on their own: still known as supervisors, to avoid echo errors. */
  alsoKnown?: ReadonlySet<string>;
}

export interface ImportPlan {
  /** Employees to write (new or changed), each with its next version. */
  writes: Employee[];
  created: number;
  updated: number;
  unchanged: number;
}

/** Checks the rows against the org (supervisors, loops, other agencies) and plans the writes. */
export function planImport(
  rows: readonly ParsedRow[],
  ctx: ImportContext,
): { issues: FieldIssue[] } | { plan: ImportPlan } {
  const issues: FieldIssue[] = [];
  const supervisorOf = new Map<string, string | null>();
  for (const [nip, e] of ctx.existing) supervisorOf.set(nip, e.supervisorNip);
  for (const { data } of rows) supervisorOf.set(data.nip, data.supervisorNip ?? null);

  for (const { row, data } of rows) {
    const other = ctx.otherAgency.get(data.nip);
    // "Not available", never which agency holds it: repeated at will, that would map NIPs to agencies.
    if (other && other !== ctx.agencyId) {
      issues.push({ row, path: 'nip', code: 'OTHER_AGENCY_EMPLOYEE', params: { nip: data.nip } });
    }
    if (
      data.supervisorNip &&
      !supervisorOf.has(data.supervisorNip) &&
      !ctx.alsoKnown?.has(data.supervisorNip)
    ) {
      issues.push({
        row,
        path: 'supervisorNip',
        code: 'UNKNOWN_SUPERVISOR',
        params: { supervisorNip: data.supervisorNip },
      });
    }
  }

  const loops = findLoops(supervisorOf);
  if (loops.size) {
    for (const { row, data } of rows) {
      const loop = loops.get(data.nip);
      if (loop) issues.push({ row, path: 'supervisorNip', code: 'REPORTING_LOOP', params: { chain: loop } });
    }
  }
  if (issues.length) return { issues: issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };

  const chains = managerChains(supervisorOf);
  const reports = new Map<string, number>();
  for (const sup of supervisorOf.values()) if (sup) reports.set(sup, (reports.get(sup) ?? 0) + 1);

  const fromFile = new Map(rows.map((r) => [r.data.nip, r.data]));
  const at = ctx.now.toISOString();
  const plan: ImportPlan = { writes: [], created: 0, updated: 0, unchanged: 0 };
  for (const nip of supervisorOf.keys()) {
    const before = ctx.existing.get(nip);
    const data = fromFile.get(nip);
    const fields = {
      nip,
      agencyId: ctx.agencyId,
      asnType: data?.asnType ?? before?.asnType ?? 'PNS',
      name: data?.name ?? before!.name,
      email: data ? (data.email ?? null) : before!.email,
      position: data?.position ?? before!.position,
      unitId: data?.unitId ?? before!.unitId,
      unitName: data?.unitName ?? before!.unitName,
      supervisorNip: supervisorOf.get(nip) ?? null,
      managerChain: chains.get(nip)!,
      directReports: reports.get(nip) ?? 0,
    };
    if (!before) {
      plan.writes.push({ ...fields, version: 1, updatedAt: at });
      plan.created++;
    } else if (sameFields(before, fields)) {
      if (data) plan.unchanged++;
    } else {
      plan.writes.push({ ...fields, version: before.version + 1, updatedAt: at });
      if (data) plan.updated++;
    }
  }
  return { plan };
}

type Fields = Omit<Employee, 'version' | 'updatedAt'>;
const sameFields = (a: Employee, b: Fields) =>
  (Object.keys(b) as (keyof Fields)[]).every((k) =>
    k === 'managerChain' ? a.managerChain.join() === b.managerChain.join() : a[k] === b[k],
  );

/** Every NIP that sits on a loop of supervisor links -> the loop as text ("a -> b -> a"). */
export function findLoops(supervisorOf: ReadonlyMap<string, string | null>): Map<string, string> {
  const state = new Map<string, 'walking' | 'done'>();
  const loops = new Map<string, string>();
  for (const start of supervisorOf.keys()) {
    const path: string[] = [];
    let at: string | null | undefined = start;
    while (at && supervisorOf.has(at) && !state.has(at)) {
      state.set(at, 'walking');
      path.push(at);
      at = supervisorOf.get(at);
    }
    if (at && state.get(at) === 'walking') {
      const cycle = path.slice(path.indexOf(at));
      const text = [...cycle, at].join(' -> ');
      for (const nip of cycle) loops.set(nip, text);
    }
    for (const nip of path) state.set(nip, 'done');
  }
  return loops;
}

/** Supervisors above each NIP, nearest first. Assumes no loops (findLoops first). */
export function managerChains(supervisorOf: ReadonlyMap<string, string | null>): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const chainOf = (nip: string): string[] => {
    const known = chains.get(nip);
    if (known) return known;
    // Walk up to the first known chain, then fill downwards (no recursion: chains can be deep).
    const path: string[] = [];
    let at: string | null | undefined = nip;
    while (at && !chains.has(at)) {
      path.push(at);
      at = supervisorOf.get(at) ?? null;
    }
    let above = at ? [at, ...chains.get(at)!] : [];
    for (let i = path.length - 1; i >= 0; i--) {
      chains.set(path[i]!, above);
      above = [path[i]!, ...above];
    }
    return chains.get(nip)!;
  };
  for (const nip of supervisorOf.keys()) chainOf(nip);
  return chains;
}
