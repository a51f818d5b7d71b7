/**
 * The SKP's lifecycle as one machine (core/machine.ts):
 *   DRAFT -SUBMIT-> SUBMITTED -APPROVE-> APPROVED -REVISE-> DRAFT
 *   SUBMITTED -RETURN-> RETURNED -EDIT-> DRAFT, RETURNED -SUBMIT-> SUBMITTED; DRAFT -EDIT-> DRAFT
 *   any but ENDED -END-> ENDED (a mid-year move or leaving: it keeps its months, its appraiser and
 *   its approved content, so its months can still be evaluated; the next SKP covers the rest)
 * The owner drafts, submits and revises; the appraiser approves and returns; HR ends (by the
 * import that records the move). The agency head's
 * appraiser (the region head, the PPK) is outside the org chart, so HR of the agency records
 * that decision on their behalf, and never for their own SKP.
 */
import { type Actor, hasRole } from '../actor.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';
import { absent, and, contains, eq, FALSE, holds, isNull, le, ne, or, TRUE } from '../expr.ts';
import { type Check, defineMachine } from '../machine.ts';
import { echoChecks } from './echo.ts';

export type SkpStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'ENDED';
export const skpStatuses = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'RETURNED',
  'ENDED',
] as const satisfies readonly SkpStatus[];

/** Why an SKP ended before the end of its year. */
export type EndReason = 'MOVED' | 'LEFT';

export type SkpCommand =
  /** `linkedAppraiser`: whose RHK the new content intervenes in (null: none), at `linkPaths`. */
  | {
      type: 'EDIT';
      linkedAppraiser: string | null;
      linkPaths: readonly string[];
      /** Read-only fields the client sent back: each must equal the stored value (./edit.ts). */
      echo?: Readonly<Record<string, unknown>>;
      /** Ekspektasi sent back by the owner: each must equal the appraiser's. */
      ekspektasiSent?: readonly { path: string; value: string; ekspektasi: string | null }[];
    }
  | { type: 'SET_EXPECTATIONS' }
  | { type: 'SUBMIT' }
  | { type: 'APPROVE' }
  | { type: 'RETURN'; reason: string }
  | { type: 'REVISE'; reason: string }
  /** The last month it covers (the owner moved or left after it). */
  | { type: 'END'; endMonth: number; reason: EndReason };

/** The SKP a command addresses: its id names the unit too, and must be the document's own. */
export interface SkpCtx {
  skpId: string;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

/** Owner, supervisors above, HR of the agency. Anyone else: 404, so ids cannot be probed. */
export const skpVisible = (a: Actor, skpId: string) =>
  and(
    eq('skpId', skpId),
    eq('agencyId', a.agencyId),
    or(eq('ownerNip', a.nip), contains('managerChain', a.nip), isHr(a) ? TRUE : FALSE),
  );

export const skpMachine = defineMachine<SkpStatus, 'OWNER' | 'APPRAISER' | 'HR', SkpCommand, SkpCtx>({
  kind: 'SKP',
  statuses: skpStatuses,
  visible: (a, ctx) => skpVisible(a, ctx.skpId),
  notFound: (ids) => notFound('SKP_NOT_FOUND', ids),
  idsOf: (doc) => ({ skpId: String(doc.skpId) }),
  roles: {
    OWNER: (a) => eq('ownerNip', a.nip),
    APPRAISER: (a) =>
      or(eq('appraiserNip', a.nip), isHr(a) ? and(isNull('appraiserNip'), ne('ownerNip', a.nip)) : FALSE),
    HR: (a) => (isHr(a) ? eq('agencyId', a.agencyId) : FALSE),
  },
  roleError: (by) =>
    by.includes('HR')
      ? new DomainError('FORBIDDEN', 'ROLE_REQUIRED', { role: 'HR' })
      : new DomainError('FORBIDDEN', by.includes('OWNER') ? 'SKP_OWNER_ONLY' : 'SKP_APPRAISER_ONLY'),
  illegal: (command, status) => new DomainError('CONFLICT', 'ILLEGAL_TRANSITION', { command, status }),
  commands: {
    EDIT: {
      by: ['OWNER'],
      from: ['DRAFT', 'RETURNED'],
      to: 'DRAFT',
      // Links must point at the owner's own appraiser's RHK: checked against the stored appraiser.
      guards: (cmd) => [
        ...ekspektasiUnchanged(cmd.ekspektasiSent ?? []),
        ...(cmd.linkedAppraiser === null
          ? []
          : [
              <Check>{
                when: eq('appraiserNip', cmd.linkedAppraiser),
                error: (doc: Readonly<Record<string, unknown>>) =>
                  validationFailed(
                    cmd.linkPaths.map((path) => ({
                      path,
                      code: doc.appraiserNip === null ? 'HEAD_NEEDS_NO_LINK' : 'FOREIGN_RHK',
                    })),
                  ),
              },
            ]),
        ...echoChecks(cmd.echo ?? {}),
      ],
    },
    SUBMIT: {
      by: ['OWNER'],
      from: ['DRAFT', 'RETURNED'],
      to: 'SUBMITTED',
      // Every RHK utama intervenes in the appraiser's; the agency head intervenes in no one's.
      guards: () => [
        {
          when: or(eq('unlinkedUtama', 0), isNull('appraiserNip')),
          error: (doc) =>
            new DomainError('UNPROCESSABLE', 'RHK_NOT_CASCADED', { count: Number(doc.unlinkedUtama) }),
        },
      ],
    },
    APPROVE: { by: ['APPRAISER'], from: ['SUBMITTED'], to: 'APPROVED' },
    RETURN: { by: ['APPRAISER'], from: ['SUBMITTED'], to: 'RETURNED' },
    REVISE: { by: ['OWNER'], from: ['APPROVED'], to: 'DRAFT' },
    // The ekspektasi khusus pimpinan: the appraiser's, at any stage; it is not the owner's content.
    SET_EXPECTATIONS: { by: ['APPRAISER'], from: skpStatuses, to: 'SAME' },
    END: {
      by: ['HR'],
      from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'],
      to: 'ENDED',
      guards: (cmd) => [
        {
          when: le('startMonth', cmd.endMonth),
          error: (doc) =>
            new DomainError('UNPROCESSABLE', 'SKP_END_BEFORE_START', {
              skpId: String(doc.skpId),
              startMonth: Number(doc.startMonth),
            }),
        },
      ],
    },
  },
});

/** What the owner sends back of the appraiser's ekspektasi is as stored (read-only to them). */
function ekspektasiUnchanged(sent: readonly { path: string; value: string; ekspektasi: string | null }[]) {
  if (!sent.length) return [];
  const same = (s: (typeof sent)[number]) =>
    s.ekspektasi === null ? absent(`ekspektasi.${s.value}`) : eq(`ekspektasi.${s.value}`, s.ekspektasi);
  const check: Check = {
    when: and(...sent.map(same)),
    error: (doc) =>
      validationFailed(
        sent
          .filter((s) => !holds(same(s), doc))
          .map((s) => ({ path: s.path, code: 'EKSPEKTASI_APPRAISER_ONLY' })),
      ),
  };
  return [check];
}

export const canReadSkp = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(skpVisible(actor, String(doc.skpId)), doc);

/** Only the owner drafts their own SKP. */
export function assertCanCreate(actor: Actor, owner: { nip: string; agencyId: string }): void {
  if (actor.nip !== owner.nip || actor.agencyId !== owner.agencyId)
    throw new DomainError('FORBIDDEN', 'SKP_OWNER_ONLY');
}

/**
 * Counts per unit move between these buckets: RETURNED counts as drafting (it is back with the
 * owner). Each command's `from` statuses share one bucket, so a write knows the move blind.
 */
export const countBucket = (s: SkpStatus): 'drafting' | 'submitted' | 'approved' | 'ended' =>
  s === 'SUBMITTED' ? 'submitted' : s === 'APPROVED' ? 'approved' : s === 'ENDED' ? 'ended' : 'drafting';
