/**
 * The check-in's lifecycle as one machine (core/machine.ts):
 *   OPEN --SUBMIT--> SUBMITTED --FEEDBACK--> REVIEWED
 *   OPEN: SAVE_REALISASI, SELF_ASSESS (owner, inside the window)
 *   any status, once the period has begun: RECORD_DIALOG (owner or appraiser), RECORD_COACHING
 *   (appraiser)
 * Time is a guard like any other: the window's instants are stored on the check-in, so the
 * write's condition compares them with the moment of the write.
 */
import { checkinRules } from '#config/checkin.ts';
import { type Actor, hasRole } from '../actor.ts';
import { DomainError, notFound, validationFailed } from '../errors.ts';
import { and, attr, contains, eq, FALSE, ge, holds, isString, le, lt, or, TRUE } from '../expr.ts';
import { type Check, defineMachine } from '../machine.ts';
import { type CheckinStatus, checkinStatuses } from './content.ts';

export type CheckinCommand =
  | { type: 'SAVE_REALISASI'; indicatorIds: readonly string[] }
  | { type: 'SELF_ASSESS' }
  | { type: 'SUBMIT' }
  | { type: 'FEEDBACK'; indicatorIds: readonly string[]; rhkIds: readonly string[] }
  | { type: 'RECORD_DIALOG'; date: string }
  | { type: 'RECORD_COACHING'; date: string };

export interface CheckinCtx {
  skpId: string;
  period: string;
  now: Date;
}

const isHr = (a: Actor) => hasRole(a, 'HR');

/** Owner, supervisors above, HR of the agency. Everyone else: 404, so ids cannot be probed. */
export const checkinVisible = (a: Actor, skpId: string, period: string) =>
  and(
    eq('skpId', skpId),
    eq('period', period),
    eq('agencyId', a.agencyId),
    or(eq('ownerNip', a.nip), contains('managerChain', a.nip), isHr(a) ? TRUE : FALSE),
  );

const started = (ctx: CheckinCtx): Check => ({
  when: le('opensAtMs', ctx.now.getTime()),
  error: (doc) => new DomainError('CONFLICT', 'CHECKIN_NOT_OPEN_YET', { opensAt: String(doc.opensAt) }),
});
const inWindow = (ctx: CheckinCtx): Check[] => [
  started(ctx),
  {
    when: ge('closesAtMs', ctx.now.getTime()),
    error: (doc) => new DomainError('CONFLICT', 'CHECKIN_WINDOW_CLOSED', { closesAt: String(doc.closesAt) }),
  },
];
/** Every indicator named is one of the check-in's targets. */
const knownIndicators = (ids: readonly string[]): Check[] =>
  ids.length === 0
    ? []
    : [
        {
          when: and(...ids.map((id) => contains('indicatorIds', id))),
          error: (doc) => {
            const known = new Set((doc.indicatorIds as string[] | undefined) ?? []);
            return validationFailed(
              ids.flatMap((id, i) =>
                known.has(id)
                  ? []
                  : [
                      {
                        path: `indicators[${i}].indicatorId`,
                        code: 'UNKNOWN_INDICATOR',
                        params: { indicatorId: id },
                      },
                    ],
              ),
            );
          },
        },
      ];
/** Every RHK named is one of the check-in's. */
const knownRhk = (ids: readonly string[]): Check[] =>
  ids.length === 0
    ? []
    : [
        {
          when: and(...ids.map((id) => contains('rhkIds', id))),
          error: (doc) => {
            const known = new Set((doc.rhkIds as string[] | undefined) ?? []);
            return validationFailed(
              ids.flatMap((id, i) =>
                known.has(id)
                  ? []
                  : [{ path: `rhk[${i}].rhkId`, code: 'RHK_NOT_IN_CHECKIN', params: { rhkId: id } }],
              ),
            );
          },
        },
      ];
const dialogRules = (date: string): Check[] => [
  // Compared as strings: both are local dates YYYY-MM-DD.
  {
    when: le('periodStart', date),
    error: (doc) =>
      validationFailed([
        { path: 'date', code: 'DATE_BEFORE_PERIOD', params: { from: String(doc.periodStart) } },
      ]),
  },
  {
    when: lt('dialogCount', checkinRules.maxDialogsPerCheckin),
    error: () =>
      new DomainError('UNPROCESSABLE', 'CHECKIN_TOO_MANY_DIALOGS', {
        max: checkinRules.maxDialogsPerCheckin,
      }),
  },
];

export const checkinMachine = defineMachine<CheckinStatus, 'OWNER' | 'APPRAISER', CheckinCommand, CheckinCtx>(
  {
    kind: 'CHECKIN',
    statuses: checkinStatuses,
    visible: (a, ctx) => checkinVisible(a, ctx.skpId, ctx.period),
    notFound: (ids) => notFound('CHECKIN_NOT_FOUND', ids),
    idsOf: (doc) => ({ skpId: String(doc.skpId), period: String(doc.period) }),
    roles: {
      OWNER: (a) => eq('ownerNip', a.nip),
      APPRAISER: (a) => and(isString('appraiserNip'), eq('appraiserNip', a.nip)),
    },
    roleError: (by) =>
      new DomainError(
        'FORBIDDEN',
        by.length > 1
          ? 'CHECKIN_PARTICIPANT_ONLY'
          : by[0] === 'OWNER'
            ? 'CHECKIN_OWNER_ONLY'
            : 'CHECKIN_APPRAISER_ONLY',
      ),
    illegal: (command, status) =>
      new DomainError('CONFLICT', 'CHECKIN_ILLEGAL_TRANSITION', { command, status }),
    commands: {
      SAVE_REALISASI: {
        by: ['OWNER'],
        from: ['OPEN'],
        to: 'OPEN',
        guards: (cmd, ctx) => [...inWindow(ctx), ...knownIndicators(cmd.indicatorIds)],
      },
      SELF_ASSESS: { by: ['OWNER'], from: ['OPEN'], to: 'OPEN', guards: (_cmd, ctx) => inWindow(ctx) },
      SUBMIT: {
        by: ['OWNER'],
        from: ['OPEN'],
        to: 'SUBMITTED',
        guards: (_cmd, ctx) => [
          ...inWindow(ctx),
          {
            when: isString('appraiserNip'),
            error: () => new DomainError('UNPROCESSABLE', 'CHECKIN_NO_APPRAISER'),
          },
          {
            when: ge('realisasiCount', attr('indicatorCount')),
            error: (doc) =>
              new DomainError('UNPROCESSABLE', 'REALISASI_INCOMPLETE', {
                missing: Number(doc.indicatorCount) - Number(doc.realisasiCount),
              }),
          },
        ],
      },
      FEEDBACK: {
        by: ['APPRAISER'],
        from: ['SUBMITTED'],
        to: 'REVIEWED',
        guards: (cmd) => [...knownIndicators(cmd.indicatorIds), ...knownRhk(cmd.rhkIds)],
      },
      RECORD_DIALOG: {
        by: ['OWNER', 'APPRAISER'],
        from: checkinStatuses,
        to: 'SAME',
        guards: (cmd, ctx) => [started(ctx), ...dialogRules(cmd.date)],
      },
      RECORD_COACHING: {
        by: ['APPRAISER'],
        from: checkinStatuses,
        to: 'SAME',
        guards: (cmd, ctx) => [started(ctx), ...dialogRules(cmd.date)],
      },
    },
  },
);

/** The commands that may open a check-in (its first write of the period, without If-Match). */
export const opensCheckin: ReadonlySet<CheckinCommand['type']> = new Set([
  'SAVE_REALISASI',
  'SELF_ASSESS',
  'RECORD_DIALOG',
  'RECORD_COACHING',
]);

export const canReadCheckin = (actor: Actor, doc: Readonly<Record<string, unknown>>) =>
  holds(checkinVisible(actor, String(doc.skpId), String(doc.period)), doc);
