/**
 * Service-satisfaction surveys: staff (or HR) issue a one-time link for a finished service
 * encounter; the person served answers it on a public page; the answer counts in the unit's and
 * the employee's aggregate of the period, written in the same transaction.
 *
 * Round trips (DynamoDB):
 *  - issuing: one BatchGetItem (the agency, the caller's and the served employee's profiles),
 *    one UpdateItem (the issuer's daily counter), one transaction (the link + its audit entry);
 *    HR naming a unit they are not in, without an employee, adds one Query (does the unit exist).
 *  - the public page: none for a token that is not signed with the survey-link key; else one
 *    parallel round (the link's GetItem, the per-link and per-address counters); answering adds one transaction: the link (ISSUED -> USED, conditioned on its
 *    version, status and validity), the response, the unit's and the employee's aggregates of the
 *    period and of the year, the audit entry.
 *  - reading: an employee's aggregate is one GetItem (after their profile, for who may see it);
 *    a unit's (with its employees') is one Query; the agency's whole period one paged Query.
 */
import { surveyRules } from '#config/survey.ts';
import type { Actor } from '#core/actor.ts';
import { hasRole } from '#core/actor.ts';
import { type AuditHead, headOf, nextAuditEntry, subjects } from '#core/audit.ts';
import { assertCanReadEmployee } from '#core/authz.ts';
import { annualPeriod } from '#core/cycle.ts';
import type { Employee } from '#core/employee.ts';
import { DomainError, notFound, validationFailed } from '#core/errors.ts';
import type { Deps, Doc, DocRef, ListOptions } from '#core/ports.ts';
import { parseSkpId } from '#core/skp/id.ts';
import {
  cleanComment,
  commentDigest,
  counterTag,
  isSignedToken,
  newSurveyToken,
  periodOf,
  ratingsOf,
  type SurveyAnswerInput,
  type SurveyLinkInput,
  tokenHash,
  validUntilOf,
} from '#core/survey/content.ts';
import {
  assertCanIssue,
  assertCanReadUnitFeedback,
  assertServedBy,
  citizen,
  surveyMachine,
} from '#core/survey/machine.ts';
import {
  aggregateAdd,
  employeeStatsOf,
  type StoredSurveyLink,
  type StoredSurveyResponse,
  unitStatsOf,
} from '#core/survey/view.ts';

const linkRef = (hash: string): DocRef => ({ kind: 'SURVEY_LINK', id: { tokenHash: hash } });
const profileRef = (nip: string): DocRef => ({ kind: 'EMPLOYEE', id: { nip } });
const aggRef = (agencyId: string, year: number, period: string, unitId: string, nip?: string): DocRef => ({
  kind: 'SURVEY_AGG',
  id: { agencyId, year, period, unitId, ...(nip ? { nip } : {}) },
});
const stale = () => new DomainError('PRECONDITION_FAILED', 'STALE_VERSION', { version: '?' });

// ---- rate limits ------------------------------------------------------------------------------

interface Limit {
  scope: string;
  value: string;
  rule: { max: number; windowSeconds: number };
}

/** One hit on each limit's counter of the current window (in parallel); over any: 429. */
async function withinLimits(deps: Deps, limits: readonly Limit[]): Promise<void> {
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const counts = await Promise.all(
    limits.map(({ scope, value, rule }) => {
      const window = Math.floor(nowSeconds / rule.windowSeconds);
      const until = (window + 1) * rule.windowSeconds;
      return deps.store.hit(
        { kind: 'RATE_COUNTER', id: { scope, tag: counterTag(scope, value), window } },
        // Kept a minute past its window (TTL), then DynamoDB deletes it.
        { scope, window, until: until + 60 },
      );
    }),
  );
  const over = limits.findIndex((l, i) => counts[i]! > l.rule.max);
  if (over >= 0) {
    const { windowSeconds } = limits[over]!.rule;
    const retryAfter = windowSeconds - (nowSeconds % windowSeconds);
    throw new DomainError('TOO_MANY_REQUESTS', 'RATE_LIMITED', { retryAfter });
  }
}

// ---- issuing ----------------------------------------------------------------------------------

export interface IssuedSurveyLink {
  surveyId: string;
  /** The one-time token: returned once, never stored. */
  token: string;
  expiresAt: string;
  unitId: string;
  unitName: string;
  nip: string | null;
  employeeName: string | null;
}

/**
 * Issues a link (unit staff of that unit, or HR). Not replayed by Idempotency-Key: the answer
 * holds the token, which is never stored (an idempotency record would store it); a retried
 * request issues another link, which costs nothing if unused (it expires).
 */
export async function issueSurveyLink(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  input: SurveyLinkInput,
): Promise<IssuedSurveyLink> {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  const { unitId, nip } = input;
  const [key, [agency, own, served]] = await Promise.all([
    deps.keys.surveyLink(),
    deps.store.getMany([
      { kind: 'AGENCY', id: { agencyId } },
      profileRef(actor.nip),
      ...(nip ? [profileRef(nip)] : []),
    ]) as Promise<[Doc | undefined, Employee | undefined, Employee | undefined]>,
  ]);
  if (!agency) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  assertCanIssue(actor, agencyId, unitId, own);
  assertServedBy(nip, unitId, agencyId, served);
  let unitName = served?.unitName ?? (own?.unitId === unitId ? own.unitName : undefined);
  if (unitName === undefined) {
    const member = await deps.store.list(
      { kind: 'EMPLOYEE', pattern: 'ofUnit', params: { agencyId, unitId } },
      { limit: 1, fields: ['unitName'] },
    );
    unitName = member.items[0]?.unitName as string | undefined;
    if (unitName === undefined)
      throw validationFailed([{ path: 'unitId', code: 'SURVEY_UNIT_NOT_FOUND', params: { unitId } }]);
  }
  await withinLimits(deps, [
    { scope: 'issue', value: actor.nip, rule: surveyRules.rateLimits.issuePerStaff },
  ]);

  const now = deps.clock.now();
  const at = now.toISOString();
  const token = newSurveyToken(key);
  const surveyId = deps.newId(8);
  const validUntil = validUntilOf(now);
  const audit = nextAuditEntry(undefined, {
    subject: subjects.survey(surveyId),
    action: 'SURVEY_LINK_ISSUED',
    actorNip: actor.nip,
    at,
    data: { agencyId, unitId, nip: nip ?? null, validUntil },
  });
  const link: StoredSurveyLink = {
    surveyId,
    agencyId,
    agencyName: String(agency.name),
    timeZone: String(agency.timeZone),
    periodicity: agency.periodicity as StoredSurveyLink['periodicity'],
    unitId,
    unitName,
    nip: nip ?? null,
    employeeName: served?.name ?? null,
    issuedBy: actor.nip,
    issuedAt: at,
    validUntil,
    status: 'ISSUED',
    version: audit.seq,
    auditHead: headOf(audit),
  };
  await deps.store.commit(
    [
      { type: 'create', ref: linkRef(tokenHash(token)), doc: link as unknown as Doc, explain: stale },
      { type: 'audit', entry: audit },
    ],
    { result: null },
  );
  return {
    surveyId,
    token,
    expiresAt: validUntil,
    unitId,
    unitName,
    nip: link.nip,
    employeeName: link.employeeName,
  };
}

// ---- the public page --------------------------------------------------------------------------

/**
 * The link of a token, with the per-link and per-address limits counted in the same round. A
 * token not signed with the survey-link key (forged, mistyped, cut short) is not found before
 * anything is read or counted: it costs no table access at all.
 */
async function findLink(deps: Deps, token: string, sourceIp: string): Promise<StoredSurveyLink> {
  if (!isSignedToken(await deps.keys.surveyLink(), token)) throw notFound('SURVEY_NOT_FOUND');
  const hash = tokenHash(token);
  const [, found] = await Promise.all([
    withinLimits(deps, [
      { scope: 'ip', value: sourceIp, rule: surveyRules.rateLimits.perIp },
      { scope: 'link', value: hash, rule: surveyRules.rateLimits.perLink },
    ]),
    deps.store.get(linkRef(hash)),
  ]);
  if (!found) throw notFound('SURVEY_NOT_FOUND');
  return found as unknown as StoredSurveyLink;
}

const answer = { type: 'ANSWER' as const };

/** What the page shows, or why it cannot be answered: unknown 404, used or expired 410. */
export async function openSurvey(deps: Deps, token: string, sourceIp: string) {
  const link = await findLink(deps, token, sourceIp);
  const now = deps.clock.now();
  try {
    surveyMachine.decide(link as unknown as Doc, answer, citizen(link.agencyId), link.auditHead, { now });
  } catch (err) {
    // Reading a used link is not a conflict: it is simply no longer there to answer.
    if (err instanceof DomainError && err.kind === 'CONFLICT')
      throw new DomainError('GONE', err.code, err.params);
    throw err;
  }
  return {
    agencyName: link.agencyName,
    unitName: link.unitName,
    employeeName: link.employeeName,
    validUntil: link.validUntil,
    timeZone: link.timeZone,
  };
}

/**
 * Records one answer: 404 unknown, 409 answered already, 410 expired, 422 a bad comment. The
 * period is the agency's local quarter (or month) at the moment of answering.
 */
export async function answerSurvey(deps: Deps, token: string, input: SurveyAnswerInput, sourceIp: string) {
  const ratings = ratingsOf(input);
  const comment = cleanComment(input.comment);
  const link = await findLink(deps, token, sourceIp);
  const now = deps.clock.now();
  const at = now.toISOString();
  const actor = citizen(link.agencyId);
  const ctx = { now };
  surveyMachine.decide(link as unknown as Doc, answer, actor, link.auditHead, ctx);

  const { year, period, localDate } = periodOf(now, link.timeZone, link.periodicity);
  const audit = nextAuditEntry(link.auditHead, {
    subject: subjects.survey(link.surveyId),
    action: 'SURVEY_ANSWERED',
    actorNip: actor.nip,
    at,
    data: { ratings, commentSha256: commentDigest(comment), year, period },
  });
  const response: StoredSurveyResponse = {
    surveyId: link.surveyId,
    agencyId: link.agencyId,
    unitId: link.unitId,
    nip: link.nip,
    year,
    period,
    submittedOn: localDate,
    submittedAt: at,
    ratings,
    ...(comment ? { comment } : {}),
  };
  const add = aggregateAdd(ratings);
  const facts = { agencyId: link.agencyId, year, period, unitId: link.unitId, unitName: link.unitName };
  await deps.store.commit(
    [
      {
        type: 'update',
        ref: linkRef(tokenHash(token)),
        when: surveyMachine.precondition(answer, actor, link.auditHead, ctx),
        changes: {
          set: { status: 'USED', answeredAt: at, version: audit.seq, auditHead: headOf(audit) },
        },
        // Explained against the link as it is now: answered in the meantime is a 409, not a 412.
        explain: (current) =>
          surveyMachine.explain(
            current?.type === 'SURVEY_LINK' ? current : undefined,
            answer,
            actor,
            (current?.auditHead as AuditHead | undefined) ?? link.auditHead,
            ctx,
            {},
          ),
      },
      { type: 'audit', entry: audit },
      {
        type: 'create',
        ref: {
          kind: 'SURVEY_RESPONSE',
          id: {
            agencyId: link.agencyId,
            year,
            period,
            unitId: link.unitId,
            submittedAt: at,
            surveyId: link.surveyId,
          },
        },
        doc: response as unknown as Doc,
        explain: stale,
      },
      // The period's aggregates and the year's (ANNUAL), the unit's and, if named, the employee's.
      ...[period, annualPeriod].flatMap((p) => {
        const set = { ...facts, period: p };
        return [
          { type: 'increment' as const, ref: aggRef(link.agencyId, year, p, link.unitId), add, set },
          ...(link.nip
            ? [
                {
                  type: 'increment' as const,
                  ref: aggRef(link.agencyId, year, p, link.unitId, link.nip),
                  add,
                  set: { ...set, nip: link.nip, employeeName: link.employeeName },
                },
              ]
            : []),
        ];
      }),
    ],
    { result: null },
  );
  return { unitName: link.unitName, year, period };
}

// ---- reading ----------------------------------------------------------------------------------

/** The SKP owner's aggregate of a period (the check-in and evaluation views): one GetItem, named by the SKP id. */
export async function skpServiceFeedback(deps: Deps, agencyId: string, skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id) throw notFound('SKP_NOT_FOUND', { skpId });
  const agg = await deps.store.get(aggRef(agencyId, id.year, period, id.unitId, id.nip));
  return { year: id.year, period, unitId: id.unitId, nip: id.nip, ...employeeStatsOf(agg) };
}

/** An employee's aggregate (self, supervisors above, HR): their profile, then one GetItem. */
export async function employeeServiceFeedback(
  deps: Deps,
  actor: Actor,
  nip: string,
  year: number,
  period: string,
) {
  const profile = /^\d{18}$/.test(nip)
    ? ((await deps.store.get(profileRef(nip))) as Employee | undefined)
    : undefined;
  if (!profile) throw notFound('EMPLOYEE_NOT_FOUND', { nip });
  assertCanReadEmployee(actor, profile);
  const agg = await deps.store.get(aggRef(profile.agencyId, year, period, profile.unitId, nip));
  return { year, period, unitId: profile.unitId, nip, ...employeeStatsOf(agg) };
}

/** Who may read a unit's feedback: HR, or the unit head (the caller's profile and, if any, their supervisor's). */
async function authorizeUnitReader(deps: Deps, actor: Actor, agencyId: string, unitId: string) {
  if (actor.agencyId !== agencyId) throw notFound('AGENCY_NOT_FOUND', { agencyId });
  if (hasRole(actor, 'HR')) return undefined;
  const own = (await deps.store.get(profileRef(actor.nip))) as Employee | undefined;
  const supervisor =
    own?.unitId === unitId && own.supervisorNip
      ? ((await deps.store.get(profileRef(own.supervisorNip))) as Employee | undefined)
      : undefined;
  assertCanReadUnitFeedback(actor, agencyId, unitId, own, supervisor);
  return own;
}

type Aggregate = Doc & { unitId: string; unitName?: string; nip?: string; employeeName?: string };

const employeeItem = (a: Aggregate) => ({
  nip: String(a.nip),
  name: String(a.employeeName ?? ''),
  unitId: a.unitId,
  ...employeeStatsOf(a),
});

/** A unit's aggregate with its employees' (HR, unit head): one Query, beside the caller's authorization. */
export async function unitServiceFeedback(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  unitId: string,
  year: number,
  period: string,
) {
  const read = async () => {
    const items: Aggregate[] = [];
    for await (const page of deps.store.pages({
      kind: 'SURVEY_AGG',
      pattern: 'ofUnit',
      params: { agencyId, year, period, unitId },
    }))
      items.push(...(page as Aggregate[]));
    return items;
  };
  const [own, items] = await Promise.all([authorizeUnitReader(deps, actor, agencyId, unitId), read()]);
  const total = items.find((a) => a.nip === undefined);
  const employees = items.filter((a) => a.nip !== undefined);
  return {
    agencyId,
    year,
    period,
    unit: {
      unitId,
      unitName: String(total?.unitName ?? own?.unitName ?? unitId),
      ...unitStatsOf(total, employees),
    },
    employees: employees.map(employeeItem).sort((a, b) => a.nip.localeCompare(b.nip)),
  };
}

/**
 * A unit's comments of a period, the latest first (HR, unit head): one Query per page. Text and
 * date only; the unit head does not get the comments on answers that name them.
 */
export async function surveyComments(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  unitId: string,
  year: number,
  period: string,
  options: ListOptions,
) {
  const [, page] = await Promise.all([
    authorizeUnitReader(deps, actor, agencyId, unitId),
    deps.store.list(
      { kind: 'SURVEY_RESPONSE', pattern: 'ofUnit', params: { agencyId, year, period, unitId } },
      { ...options, fields: ['submittedOn', 'comment', 'nip'] },
    ),
  ]);
  const aboutCaller = (r: StoredSurveyResponse) => !hasRole(actor, 'HR') && r.nip === actor.nip;
  return {
    items: (page.items as unknown as StoredSurveyResponse[])
      .filter((r) => typeof r.comment === 'string' && !aboutCaller(r))
      .map((r) => ({ submittedOn: r.submittedOn, comment: r.comment! })),
    nextCursor: page.cursor,
  };
}

export interface PeriodServiceFeedback {
  agencyId: string;
  year: number;
  period: string;
  units: ({ unitId: string; unitName: string } & ReturnType<typeof unitStatsOf>)[];
  employees: ReturnType<typeof employeeItem>[];
}

/**
 * Every unit's and employee's aggregate of an agency's period, for the period reports (one paged
 * Query). Employees below the minimum are listed with nothing shown, as everywhere else.
 */
export async function serviceFeedbackFor(
  deps: Pick<Deps, 'store'>,
  agencyId: string,
  year: number,
  period: string,
): Promise<PeriodServiceFeedback> {
  const items: Aggregate[] = [];
  for await (const page of deps.store.pages({
    kind: 'SURVEY_AGG',
    pattern: 'ofPeriod',
    params: { agencyId, year, period },
  }))
    items.push(...(page as Aggregate[]));
  return {
    agencyId,
    year,
    period,
    units: items
      .filter((a) => a.nip === undefined)
      .map((a) => ({
        unitId: a.unitId,
        unitName: String(a.unitName ?? a.unitId),
        ...unitStatsOf(
          a,
          items.filter((e) => e.nip !== undefined && e.unitId === a.unitId),
        ),
      }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId)),
    employees: items
      .filter((a) => a.nip !== undefined)
      .map(employeeItem)
      .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.nip.localeCompare(b.nip)),
  };
}
