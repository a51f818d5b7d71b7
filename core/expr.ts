/**
 * Conditions and changes as data. A state machine states the precondition of a command as a
 * small expression tree over the stored document's attributes; `holds` evaluates it on a document
 * in memory (the core's own decision) and the store compiles the very same tree into a DynamoDB
 * ConditionExpression (the write's decision). One rule, written once, decided twice.
 *
 * Paths are attribute names, dotted for map members (`auditHead.hash`). An operand is a literal
 * or another attribute (`attr('indicatorCount')`).
 */

export type Scalar = string | number | boolean | null;
export type Literal = Scalar | readonly Scalar[] | Readonly<Record<string, unknown>>;
export interface AttrRef {
  readonly attr: string;
}
export type Operand = Literal | AttrRef;

export type Expr =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: 'eq' | 'ne'; readonly path: string; readonly value: Operand }
  // Ordering is defined for numbers and strings only (DynamoDB refuses any other operand).
  | {
      readonly op: 'lt' | 'le' | 'gt' | 'ge';
      readonly path: string;
      readonly value: number | string | AttrRef;
    }
  | { readonly op: 'in'; readonly path: string; readonly values: readonly Scalar[] }
  | { readonly op: 'exists' | 'absent' | 'isNull' | 'isString'; readonly path: string }
  | { readonly op: 'contains'; readonly path: string; readonly value: Scalar }
  | { readonly op: 'and'; readonly all: readonly Expr[] }
  | { readonly op: 'or'; readonly any: readonly Expr[] }
  | { readonly op: 'not'; readonly expr: Expr };

export const TRUE: Expr = { op: 'true' };
export const FALSE: Expr = { op: 'false' };
export const attr = (name: string): AttrRef => ({ attr: name });
export const isAttrRef = (v: unknown): v is AttrRef =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  typeof (v as AttrRef).attr === 'string';

export const eq = (path: string, value: Operand): Expr => ({ op: 'eq', path, value });
export const ne = (path: string, value: Operand): Expr => ({ op: 'ne', path, value });
type Ordered = number | string | AttrRef;
export const lt = (path: string, value: Ordered): Expr => ({ op: 'lt', path, value });
export const le = (path: string, value: Ordered): Expr => ({ op: 'le', path, value });
export const gt = (path: string, value: Ordered): Expr => ({ op: 'gt', path, value });
export const ge = (path: string, value: Ordered): Expr => ({ op: 'ge', path, value });
export const oneOf = (path: string, values: readonly Scalar[]): Expr =>
  values.length === 0 ? FALSE : values.length === 1 ? eq(path, values[0]!) : { op: 'in', path, values };
export const exists = (path: string): Expr => ({ op: 'exists', path });
export const absent = (path: string): Expr => ({ op: 'absent', path });
/** Stored as NULL (present, with the null value). */
export const isNull = (path: string): Expr => ({ op: 'isNull', path });
export const isString = (path: string): Expr => ({ op: 'isString', path });
/** A list (or string set) attribute holds the value. */
export const contains = (path: string, value: Scalar): Expr => ({ op: 'contains', path, value });

/** Conjunction, simplified: TRUE parts dropped, any FALSE makes it FALSE. */
export function and(...parts: readonly Expr[]): Expr {
  const all: Expr[] = [];
  for (const p of parts) {
    if (p.op === 'false') return FALSE;
    if (p.op === 'true') continue;
    if (p.op === 'and') all.push(...p.all);
    else all.push(p);
  }
  return all.length === 0 ? TRUE : all.length === 1 ? all[0]! : { op: 'and', all };
}

/** Disjunction, simplified: FALSE parts dropped, any TRUE makes it TRUE. */
export function or(...parts: readonly Expr[]): Expr {
  const any: Expr[] = [];
  for (const p of parts) {
    if (p.op === 'true') return TRUE;
    if (p.op === 'false') continue;
    if (p.op === 'or') any.push(...p.any);
    else any.push(p);
  }
  return any.length === 0 ? FALSE : any.length === 1 ? any[0]! : { op: 'or', any };
}

export const not = (expr: Expr): Expr =>
  expr.op === 'true' ? FALSE : expr.op === 'false' ? TRUE : { op: 'not', expr };

// ---- evaluation, with DynamoDB's semantics --------------------------------------------------

const MISSING = Symbol('missing');
type Value = unknown | typeof MISSING;

function read(item: Readonly<Record<string, unknown>> | undefined, path: string): Value {
  let at: unknown = item;
  for (const seg of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !(seg in (at as object)))
      return MISSING;
    at = (at as Record<string, unknown>)[seg];
    if (at === undefined) return MISSING;
  }
  return at;
}

const operand = (item: Readonly<Record<string, unknown>> | undefined, v: Operand): Value =>
  isAttrRef(v) ? read(item, v.attr) : v;

/** DynamoDB compares only values of one type (number with number, string with string). */
function compare(a: Value, b: Value): number | undefined {
  if (a === MISSING || b === MISSING) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function same(a: Value, b: Value): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (
    Array.isArray(a) ||
    Array.isArray(b) ||
    (typeof a === 'object' && a !== null) ||
    (typeof b === 'object' && b !== null)
  ) {
    return canonical(a) === canonical(b);
  }
  return a === b;
}

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/** Whether `expr` holds on `item` (undefined: no item), as DynamoDB would decide it. */
export function holds(expr: Expr, item: Readonly<Record<string, unknown>> | undefined): boolean {
  switch (expr.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return expr.all.every((e) => holds(e, item));
    case 'or':
      return expr.any.some((e) => holds(e, item));
    case 'not':
      return !holds(expr.expr, item);
    case 'exists':
      return read(item, expr.path) !== MISSING;
    case 'absent':
      return read(item, expr.path) === MISSING;
    case 'isNull':
      return read(item, expr.path) === null;
    case 'isString':
      return typeof read(item, expr.path) === 'string';
    case 'contains': {
      const v = read(item, expr.path);
      if (Array.isArray(v)) return v.some((x) => x === expr.value);
      return typeof v === 'string' && typeof expr.value === 'string' && v.includes(expr.value);
    }
    case 'in': {
      const v = read(item, expr.path);
      return expr.values.some((x) => same(v, x));
    }
    case 'eq':
      return same(read(item, expr.path), operand(item, expr.value));
    case 'ne':
      // DynamoDB: `a <> b` is the negation of `a = b`, also when either is missing.
      return !same(read(item, expr.path), operand(item, expr.value));
    default: {
      const c = compare(read(item, expr.path), operand(item, expr.value));
      if (c === undefined) return false;
      return expr.op === 'lt' ? c < 0 : expr.op === 'le' ? c <= 0 : expr.op === 'gt' ? c > 0 : c >= 0;
    }
  }
}

/** The attribute paths an expression reads (for projections and tests). */
export function pathsOf(expr: Expr): string[] {
  switch (expr.op) {
    case 'true':
    case 'false':
      return [];
    case 'and':
      return expr.all.flatMap(pathsOf);
    case 'or':
      return expr.any.flatMap(pathsOf);
    case 'not':
      return pathsOf(expr.expr);
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return isAttrRef(expr.value) ? [expr.path, expr.value.attr] : [expr.path];
    default:
      return [expr.path];
  }
}

// ---- changes ---------------------------------------------------------------------------------

/**
 * What an update does to a document, as data (the store compiles it into an UpdateExpression):
 * `set` an attribute to a value or to another attribute's value, `add` to a number, `append` to a
 * list, `remove` attributes.
 */
export interface Changes {
  readonly set?: Readonly<Record<string, unknown>>;
  readonly add?: Readonly<Record<string, number>>;
  readonly append?: Readonly<Record<string, readonly unknown[]>>;
  readonly remove?: readonly string[];
}

export function mergeChanges(...all: readonly (Changes | undefined)[]): Changes {
  const set: Record<string, unknown> = {};
  const add: Record<string, number> = {};
  const append: Record<string, unknown[]> = {};
  const remove = new Set<string>();
  for (const c of all) {
    if (!c) continue;
    Object.assign(set, c.set);
    for (const [k, n] of Object.entries(c.add ?? {})) add[k] = (add[k] ?? 0) + n;
    for (const [k, xs] of Object.entries(c.append ?? {})) append[k] = [...(append[k] ?? []), ...xs];
    for (const k of c.remove ?? []) remove.add(k);
  }
  for (const k of Object.keys(set)) remove.delete(k);
  return {
    ...(Object.keys(set).length ? { set } : {}),
    ...(Object.keys(add).length ? { add } : {}),
    ...(Object.keys(append).length ? { append } : {}),
    ...(remove.size ? { remove: [...remove] } : {}),
  };
}

/** `changes` applied to `item` in memory, as the store's UpdateExpression would. */
export function applyChanges(
  item: Readonly<Record<string, unknown>>,
  changes: Changes,
): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(item) as Record<string, unknown>;
  const put = (path: string, value: unknown) => {
    const segs = path.split('.');
    let at = next;
    for (const seg of segs.slice(0, -1)) {
      if (at[seg] === undefined) at[seg] = {};
      at = at[seg] as Record<string, unknown>;
    }
    at[segs.at(-1)!] = value;
  };
  for (const [k, v] of Object.entries(changes.set ?? {})) {
    const value = isAttrRef(v) ? read(item, v.attr) : v;
    if (value !== MISSING) put(k, structuredClone(value));
  }
  for (const [k, n] of Object.entries(changes.add ?? {}))
    put(k, ((read(next, k) === MISSING ? 0 : read(next, k)) as number) + n);
  for (const [k, xs] of Object.entries(changes.append ?? {})) {
    const list = read(next, k);
    put(k, [...(Array.isArray(list) ? list : []), ...xs]);
  }
  for (const k of changes.remove ?? []) {
    const segs = k.split('.');
    let at: Record<string, unknown> | undefined = next;
    for (const seg of segs.slice(0, -1)) at = at?.[seg] as Record<string, unknown> | undefined;
    if (at) delete at[segs.at(-1)!];
  }
  return next;
}
