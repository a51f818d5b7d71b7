/**
 * One way to define a document's lifecycle. A machine names who may issue each command (roles,
 * as conditions on the stored document), from which statuses, to which status, and the guards
 * that must hold. From that single description it gives:
 *  - `precondition`: the whole rule as an expression tree, which the store compiles into the
 *    write's ConditionExpression (one round trip decides);
 *  - `decide`: the same checks evaluated in memory, in a fixed order, each failing with its own
 *    error (404 not visible, 403 wrong role, 412 stale, 409 illegal transition, then the guards);
 *  - `explain`: why a refused write was refused, from the document as it is now.
 */
import type { Actor } from './actor.ts';
import type { AuditHead } from './audit.ts';
import { DomainError } from './errors.ts';
import { and, type Expr, eq, holds, oneOf, or } from './expr.ts';

type Doc = Readonly<Record<string, unknown>>;

/** One condition and the error that refuses the command when it does not hold. */
export interface Check {
  readonly when: Expr;
  readonly error: (doc: Doc) => DomainError;
}

export interface CommandRule<Status extends string, Role extends string, Cmd, Ctx> {
  readonly by: readonly Role[];
  readonly from: readonly Status[];
  /** 'SAME': the status does not change. */
  readonly to: Status | 'SAME';
  /** Conditions beyond role, version and status, in the order they are explained. */
  readonly guards?: (cmd: Cmd, ctx: Ctx, actor: Actor) => readonly Check[];
}

export interface MachineDef<Status extends string, Role extends string, Cmd extends { type: string }, Ctx> {
  readonly kind: string;
  readonly statuses: readonly Status[];
  /** Who may see the document at all; anyone else is told it does not exist. */
  readonly visible: (actor: Actor, ctx: Ctx) => Expr;
  readonly notFound: (ids: Record<string, string>) => DomainError;
  /** The ids a not-found error names, from a stored document. */
  readonly idsOf: (doc: Doc) => Record<string, string>;
  /** Each role as a condition on the document and the caller. */
  readonly roles: Record<Role, (actor: Actor) => Expr>;
  /** The error for a caller without any of the roles a command needs. */
  readonly roleError: (by: readonly Role[]) => DomainError;
  readonly illegal: (command: Cmd['type'], status: string) => DomainError;
  readonly commands: {
    readonly [K in Cmd['type']]: CommandRule<Status, Role, Extract<Cmd, { type: K }>, Ctx>;
  };
}

export interface Machine<Status extends string, Role extends string, Cmd extends { type: string }, Ctx> {
  readonly def: MachineDef<Status, Role, Cmd, Ctx>;
  rule<K extends Cmd['type']>(type: K): CommandRule<Status, Role, Extract<Cmd, { type: K }>, Ctx>;
  /** The checks of a command, in the order they are explained. */
  checks(cmd: Cmd, actor: Actor, expected: AuditHead, ctx: Ctx): Check[];
  precondition(cmd: Cmd, actor: Actor, expected: AuditHead, ctx: Ctx): Expr;
  /** The status after the command, or the error that refuses it. */
  decide(
    doc: Doc,
    cmd: Cmd,
    actor: Actor,
    expected: AuditHead,
    ctx: Ctx,
  ): { status: Status; version: number };
  /** Why a write with this command's precondition was refused, from the document as it is. */
  explain(
    doc: Doc | undefined,
    cmd: Cmd,
    actor: Actor,
    expected: AuditHead,
    ctx: Ctx,
    ids: Record<string, string>,
  ): DomainError;
}

/** The version the caller saw: its number and the audit head it must link to. */
export const versionIs = (expected: AuditHead): Expr =>
  and(eq('version', expected.seq), eq('auditHead.hash', expected.hash));

export const staleVersion = (doc: Doc) =>
  new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: Number(doc.version ?? 0) });

export function defineMachine<Status extends string, Role extends string, Cmd extends { type: string }, Ctx>(
  def: MachineDef<Status, Role, Cmd, Ctx>,
): Machine<Status, Role, Cmd, Ctx> {
  const rule = <K extends Cmd['type']>(type: K) => def.commands[type];
  const checks = (cmd: Cmd, actor: Actor, expected: AuditHead, ctx: Ctx): Check[] => {
    const r = rule(cmd.type as Cmd['type']) as CommandRule<Status, Role, Cmd, Ctx>;
    return [
      { when: def.visible(actor, ctx), error: (doc) => def.notFound(def.idsOf(doc)) },
      { when: orAll(r.by.map((role) => def.roles[role](actor))), error: () => def.roleError(r.by) },
      { when: versionIs(expected), error: staleVersion },
      { when: oneOf('status', r.from), error: (doc) => def.illegal(cmd.type, String(doc.status)) },
      ...(r.guards?.(cmd, ctx, actor) ?? []),
    ];
  };
  return {
    def,
    rule,
    checks,
    precondition: (cmd, actor, expected, ctx) => and(...checks(cmd, actor, expected, ctx).map((c) => c.when)),
    decide(doc, cmd, actor, expected, ctx) {
      for (const c of checks(cmd, actor, expected, ctx)) if (!holds(c.when, doc)) throw c.error(doc);
      const to = rule(cmd.type as Cmd['type']).to;
      return { status: (to === 'SAME' ? doc.status : to) as Status, version: expected.seq + 1 };
    },
    explain(doc, cmd, actor, expected, ctx, ids) {
      if (!doc) return def.notFound(ids);
      for (const c of checks(cmd, actor, expected, ctx)) if (!holds(c.when, doc)) return c.error(doc);
      // Every check holds now: the document changed between the write and this explanation.
      return staleVersion(doc);
    },
  };
}

/** Any of the roles; a role the caller cannot hold (FALSE) drops out. */
const orAll = (parts: Expr[]): Expr => or(...parts);
