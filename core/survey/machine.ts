/**
 * A survey link's lifecycle and who may issue links or read what they collect.
 *
 *   ISSUED --ANSWER (whoever holds the token, before validUntil)--> USED
 *
 * A link is answered once: a second answer is an illegal transition (409), an answer after
 * `validUntil` is refused as gone (410), a token that names no link is not found (404).
 *
 * Issuing: *unit staff* are the employees of that unit per the imported org chart (their profile
 * names the unit), and HR of the agency may issue for any unit. The employee named as the one
 * who served must belong to the unit.
 *
 * Reading a unit's feedback: HR of the agency, and the *unit head*: the employee of the unit
 * whose supervisor is outside the unit (or who has none), i.e. the top of the unit in the chart.
 */
import type { Actor } from '../actor.ts';
import { hasRole } from '../actor.ts';
import { conflict, DomainError, forbidden, notFound, validationFailed } from '../errors.ts';
import { exists, gt, TRUE } from '../expr.ts';
import { defineMachine } from '../machine.ts';

export type SurveyStatus = 'ISSUED' | 'USED';

export const surveyMachine = defineMachine<SurveyStatus, 'HOLDER', { type: 'ANSWER' }, { now: Date }>({
  kind: 'SURVEY_LINK',
  statuses: ['ISSUED', 'USED'],
  // The key is the token's hash: whoever finds the link holds the token.
  visible: () => exists('surveyId'),
  notFound: () => notFound('SURVEY_NOT_FOUND'),
  idsOf: () => ({}),
  roles: { HOLDER: () => TRUE },
  roleError: () => notFound('SURVEY_NOT_FOUND'),
  illegal: () => conflict('SURVEY_ALREADY_ANSWERED'),
  commands: {
    ANSWER: {
      by: ['HOLDER'],
      from: ['ISSUED'],
      to: 'USED',
      guards: (_cmd, ctx) => [
        {
          when: gt('validUntil', ctx.now.toISOString()),
          error: (doc) =>
            new DomainError('GONE', 'SURVEY_EXPIRED', {
              validUntil: String(doc.validUntil),
              timeZone: String(doc.timeZone),
            }),
        },
      ],
    },
  },
});

/** The citizen: anonymous, acting on one agency's link. */
export const citizen = (agencyId: string): Actor => ({ nip: 'ANONYMOUS', agencyId, roles: [] });

interface Profile {
  nip: string;
  agencyId: string;
  unitId: string;
  supervisorNip: string | null;
}

/** Whether the caller may issue a link for `unitId` (their own profile read from the org chart). */
export function assertCanIssue(
  actor: Actor,
  agencyId: string,
  unitId: string,
  own: Profile | undefined,
): void {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  if (hasRole(actor, 'HR')) return;
  if (own && own.agencyId === agencyId && own.unitId === unitId) return;
  throw forbidden('SURVEY_UNIT_STAFF_ONLY', { unitId });
}

/** The employee who served, if named, must be of the unit (unknown and another unit read alike). */
export function assertServedBy(
  nip: string | undefined,
  unitId: string,
  agencyId: string,
  p: Profile | undefined,
) {
  if (nip === undefined) return;
  if (!p || p.agencyId !== agencyId || p.unitId !== unitId)
    throw validationFailed([{ path: 'nip', code: 'SURVEY_EMPLOYEE_NOT_IN_UNIT', params: { nip } }]);
}

/** The top of the unit: in it, with a supervisor outside it (or none). */
export const isUnitHead = (p: Profile | undefined, supervisor: Profile | undefined, unitId: string) =>
  p !== undefined && p.unitId === unitId && (p.supervisorNip === null || supervisor?.unitId !== unitId);

/** HR of the agency or the unit head; another agency's caller is told the agency does not exist. */
export function assertCanReadUnitFeedback(
  actor: Actor,
  agencyId: string,
  unitId: string,
  own: Profile | undefined,
  ownSupervisor: Profile | undefined,
): void {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  if (hasRole(actor, 'HR')) return;
  if (own?.agencyId === agencyId && isUnitHead(own, ownSupervisor, unitId)) return;
  throw forbidden('SURVEY_FEEDBACK_HEAD_ONLY', { unitId });
}
