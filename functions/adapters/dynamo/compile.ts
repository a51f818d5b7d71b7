/**
 * Expression trees (core/expr.ts) compiled into DynamoDB expressions: a precondition into a
 * ConditionExpression, changes into an UpdateExpression, with every name and value bound as a
 * placeholder. The only place in the code base that writes expression syntax.
 */
import { type Changes, type Expr, isAttrRef, type Operand } from '#core/expr.ts';

export interface Compiled {
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** The placeholder maps of a request, left out when empty (DynamoDB refuses empty maps). */
export const placeholders = (b: Compiled) => ({
  ...(Object.keys(b.names).length ? { ExpressionAttributeNames: b.names } : {}),
  ...(Object.keys(b.values).length ? { ExpressionAttributeValues: b.values } : {}),
});

/** Binds names and values for one request; several expressions of a request share it. */
export class Binder implements Compiled {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly nameOf = new Map<string, string>();
  private count = 0;

  constructor(private readonly prefix = '') {}

  path(path: string): string {
    return path
      .split('.')
      .map((seg) => {
        let alias = this.nameOf.get(seg);
        if (!alias) {
          alias = `#${this.prefix}n${this.nameOf.size}`;
          this.nameOf.set(seg, alias);
          this.names[alias] = seg;
        }
        return alias;
      })
      .join('.');
  }

  value(v: unknown): string {
    const alias = `:${this.prefix}v${this.count++}`;
    this.values[alias] = v;
    return alias;
  }

  operand(v: Operand): string {
    return isAttrRef(v) ? this.path(v.attr) : this.value(v);
  }
}

const comparators = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/** A ConditionExpression, or undefined when the tree is TRUE (no condition). */
export function compileCondition(expr: Expr, b: Binder): string | undefined {
  if (expr.op === 'true') return undefined;
  const c = (e: Expr): string => {
    switch (e.op) {
      case 'true':
        return `attribute_exists(${b.path('pk')}) OR attribute_not_exists(${b.path('pk')})`;
      case 'false':
        // Never true: an attribute cannot both exist and not. No parentheses of its own: a parent
        // wraps each part, and DynamoDB refuses redundant ones.
        return `attribute_exists(${b.path('pk')}) AND attribute_not_exists(${b.path('pk')})`;
      // One part is just that part: DynamoDB refuses parentheses around a lone operand twice.
      case 'and':
        if (e.all.length === 0) return c({ op: 'true' });
        return e.all.length === 1 ? c(e.all[0]!) : e.all.map((x) => `(${c(x)})`).join(' AND ');
      case 'or':
        if (e.any.length === 0) return c({ op: 'false' });
        return e.any.length === 1 ? c(e.any[0]!) : e.any.map((x) => `(${c(x)})`).join(' OR ');
      case 'not':
        return `NOT (${c(e.expr)})`;
      case 'exists':
        return `attribute_exists(${b.path(e.path)})`;
      case 'absent':
        return `attribute_not_exists(${b.path(e.path)})`;
      case 'isNull':
        return `attribute_type(${b.path(e.path)}, ${b.value('NULL')})`;
      case 'isString':
        return `attribute_type(${b.path(e.path)}, ${b.value('S')})`;
      case 'contains':
        return `contains(${b.path(e.path)}, ${b.value(e.value)})`;
      case 'in':
        return `${b.path(e.path)} IN (${e.values.map((v) => b.value(v)).join(', ')})`;
      default:
        // DynamoDB refuses `a = a`; no rule needs it.
        if (isAttrRef(e.value) && e.value.attr === e.path) throw new Error(`compare ${e.path} with itself`);
        return `${b.path(e.path)} ${comparators[e.op]} ${b.operand(e.value)}`;
    }
  };
  return c(expr);
}

/** An UpdateExpression for `changes` (undefined when there is nothing to change). */
export function compileChanges(changes: Changes, b: Binder): string | undefined {
  const sets = Object.entries(changes.set ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${b.path(k)} = ${isAttrRef(v) ? b.path(v.attr) : b.value(v)}`);
  for (const [k, xs] of Object.entries(changes.append ?? {})) {
    sets.push(`${b.path(k)} = list_append(if_not_exists(${b.path(k)}, ${b.value([])}), ${b.value(xs)})`);
  }
  const adds = Object.entries(changes.add ?? {}).map(([k, n]) => `${b.path(k)} ${b.value(n)}`);
  const removes = (changes.remove ?? []).map((k) => b.path(k));
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}
