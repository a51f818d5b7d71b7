/**
 * The employee import (org chart) as pure functions: validate every row, then plan the upsert of
 * the whole agency's org (the file merged over what the agency already has), recomputing each
 * employee's manager chain and direct-report count. All-or-nothing: any issue -> no plan.
 */
import type { Employee, ImportRowInput } from './employee.ts';
import { importColumns, importOptionalColumns, importRowSchema } from './employee.ts';
import type { FieldIssue } from './errors.ts';
import { cleanNipCell } from './import-file.ts';
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
    ? [
        {
          row: 1,
          path: '(header)',
          code: 'CSV_HEADER',
          params: {
            expected: importColumns.join(','),
            ...(missing.length ? { missing: missing.join(', ') } : {}),
            ...(unknown.length ? { unknown: unknown.join(', ') } : {}),
          },
        },
      ]
    : [];
}

/** Shape and NIP rules for each row on its own, and duplicates within the file. */
export function validateRows(
  records: readonly Record<string, ImportCell>[],
  today: string,
  lang: Lang = 'id',
): { rows: ParsedRow[]; issues: FieldIssue[] } {
  const rows: ParsedRow[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const unitNames = new Map<string, { name: string; row: number }>();

  records.forEach((raw, i) => {
    const row = i + 2;
    // Excel's ways with a NIP first: spaces, dots and `'` go; scientific notation is explained.
    const record: Record<string, string> = {};
    const explained = new Set<string>();
    for (const [column, cell] of Object.entries(raw)) {
      if (typeof cell === 'string') record[column] = cell;
      else if ((nipColumns as readonly string[]).includes(column)) {
        // A number cell of an XLSX: a NIP held as a double has lost its last digits.
        explained.add(column);
        record[column] = cell.number;
        issues.push({ row, path: column, code: 'NIP_AS_NUMBER', params: { value: cell.number } });
      } else record[column] = cell.number;
    }
    for (const path of nipColumns) {
      const cell = record[path];
      if (cell === undefined || cell.trim() === '' || explained.has(path)) continue;
      const clean = cleanNipCell(cell);
      if (clean.ok) record[path] = clean.nip;
      else {
        explained.add(path);
        issues.push({ row, path, code: clean.code, params: { value: clean.value } });
      }
    }
    const parsed = importRowSchema.safeParse(record, parseOptions(lang));
    if (!parsed.success || explained.size) {
      const own = parsed.success ? [] : toFieldIssues(parsed.error.issues);
      for (const issue of own) {
        if (explained.has(issue.path)) continue;
        issues.push(
          issue.code === 'NIP_FORMAT' && (issue.path === 'nip' || issue.path === 'supervisorNip')
            ? { ...issue, row, code: 'NIP_DIGITS', params: digitsOf(record[issue.path] ?? '') }
            : { ...issue, row },
        );
      }
      // Still check the NIP's own rules and duplicates, so one pass reports every problem.
      const nip = (record.nip ?? '').trim();
      if (/^\d{18}$/.test(nip) && !explained.has('nip')) {
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

const nipColumns = ['nip', 'supervisorNip'] as const;

/** A cell as read: text, or (from an XLSX) a number cell, kept as its digits. */
export type ImportCell = string | { number: string };
const digitsOf = (value: string) => ({ value, digits: value.replace(/\D/g, '').length });

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
  /** Who left or moved, from which month (YYYY-MM): their SKP of that year ends the month before. */
  moves: PlannedMove[];
}

export interface PlannedMove {
  nip: string;
  month: string;
  reason: 'MOVED' | 'LEFT';
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

  // Leavers: INACTIVE from a month (which one is needed: their SKP ends the month before), and
  // no one active may still report to them (their pending approvals are handed to whoever the
  // file names instead).
  const statusOf = (nip: string) =>
    fromFileStatus.get(nip) ?? ctx.existing.get(nip)?.employmentStatus ?? 'ACTIVE';
  const fromFileStatus = new Map(rows.flatMap((r) => (r.data.status ? [[r.data.nip, r.data.status]] : [])));
  const rowOf = new Map(rows.map((r) => [r.data.nip, r.row]));
  const [thisYear, thisMonth] = [ctx.now.getUTCFullYear(), ctx.now.getUTCMonth() + 1];
  const earliestMonth = `${thisYear - 1}-01`;
  const latestMonth = `${thisYear + 1}-${String(thisMonth).padStart(2, '0')}`;
  for (const { row, data } of rows) {
    const before = ctx.existing.get(data.nip);
    if (data.status === 'INACTIVE' && !data.effectiveMonth && before?.employmentStatus !== 'INACTIVE')
      issues.push({ row, path: 'effectiveMonth', code: 'EFFECTIVE_MONTH_REQUIRED' });
    // A TMT from January of last year (a late report) to a year ahead (a decree signed before
    // the move): anything else is a typing error (2029 for 2027) that would end SKPs early or
    // reach years already appraised.
    if (data.effectiveMonth && (data.effectiveMonth < earliestMonth || data.effectiveMonth > latestMonth))
      issues.push({
        row,
        path: 'effectiveMonth',
        code: 'EFFECTIVE_MONTH_RANGE',
        params: { value: data.effectiveMonth, from: earliestMonth, to: latestMonth },
      });
  }
  const stranded = new Map<string, string[]>();
  for (const [nip, sup] of supervisorOf) {
    if (!sup || statusOf(nip) !== 'ACTIVE' || statusOf(sup) !== 'INACTIVE') continue;
    const row = rowOf.get(nip);
    if (row !== undefined)
      issues.push({
        row,
        path: 'supervisorNip',
        code: 'SUPERVISOR_INACTIVE',
        params: { supervisorNip: sup },
      });
    else stranded.set(sup, [...(stranded.get(sup) ?? []), nip]);
  }
  for (const [sup, list] of stranded) {
    issues.push({
      row: rowOf.get(sup) ?? 1,
      path: 'status',
      code: 'LEAVER_HAS_REPORTS',
      params: { nip: sup, count: list.length, reports: list.slice(0, 5).join(', ') },
    });
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
  for (const [nip, sup] of supervisorOf)
    if (sup && statusOf(nip) === 'ACTIVE') reports.set(sup, (reports.get(sup) ?? 0) + 1);

  const fromFile = new Map(rows.map((r) => [r.data.nip, r.data]));
  const at = ctx.now.toISOString();
  const plan: ImportPlan = { writes: [], created: 0, updated: 0, unchanged: 0, moves: [] };
  for (const nip of supervisorOf.keys()) {
    const before = ctx.existing.get(nip);
    const data = fromFile.get(nip);
    const status = statusOf(nip);
    const month = data?.effectiveMonth;
    const left = status === 'INACTIVE' && before !== undefined && before.employmentStatus !== 'INACTIVE';
    // A move (mutasi, promotion, Plt) is a change of post with the month it takes effect; the
    // same change without a month corrects the record (the documents follow it).
    const moved =
      status === 'ACTIVE' &&
      before !== undefined &&
      month !== undefined &&
      (before.unitId !== data!.unitId ||
        before.position !== data!.position ||
        before.supervisorNip !== (data!.supervisorNip ?? null));
    if (left) plan.moves.push({ nip, month: month ?? before.leftIn!, reason: 'LEFT' });
    if (moved) plan.moves.push({ nip, month, reason: 'MOVED' });
    const fields = {
      nip,
      agencyId: ctx.agencyId,
      asnType: data?.asnType ?? before?.asnType ?? 'PNS',
      name: data?.name ?? before!.name,
      email: data ? (data.email ?? null) : before!.email,
      position: data?.position ?? before!.position,
      ...((data?.jobType ?? before?.jobType) ? { jobType: data?.jobType ?? before!.jobType } : {}),
      unitId: data?.unitId ?? before!.unitId,
      unitName: data?.unitName ?? before!.unitName,
      supervisorNip: supervisorOf.get(nip) ?? null,
      managerChain: chains.get(nip)!,
      directReports: reports.get(nip) ?? 0,
      // Stored once someone has left (absent reads as ACTIVE).
      ...(status === 'INACTIVE' || before?.employmentStatus ? { employmentStatus: status } : {}),
      ...(status === 'INACTIVE' ? { leftIn: left ? month : (before?.leftIn ?? month) } : {}),
      ...(moved ? { postSince: month } : before?.postSince ? { postSince: before.postSince } : {}),
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
