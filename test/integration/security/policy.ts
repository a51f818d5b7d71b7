/**
 * The authorization policy of every route, as the security suite checks it (authz-matrix.test.ts):
 * for each caller of test/support/world.ts, the status the route must answer, and how to build a
 * request that would succeed for an allowed caller (so a refusal is about who asks, not about a
 * malformed request). A route missing here fails the suite: a new route needs a declared policy.
 *
 * Statuses: 2xx for who may; 401 without a valid token; 403 for a caller who may see the thing but
 * not do this; 404 for one who may not know it exists (another agency, an unrelated colleague);
 * 409 where the caller may act but the state does not allow it (their own SKP already exists).
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { toCsv } from '#local/demo-data.ts';
import { reportsSettled } from '#local/reports.ts';
import { type CallOptions, call, tokenFor } from '../../support/api.ts';
import type { Caller, World } from '../../support/world.ts';

export type Expected = number | readonly number[];
type Named = Exclude<Caller, 'anonymous' | 'forged' | 'expired'>;

export interface Request extends Omit<CallOptions, 'token'> {
  path: string;
  /** Sent instead of the caller's own token ("self" of a document another test person owns). */
  token?: string;
}

export interface RoutePolicy {
  expect: Record<Caller, Expected>;
  /** A request that succeeds for the allowed callers, built for this caller at call time. */
  request(w: World, caller: Caller): Promise<Request> | Request;
  /**
   * Path parameters as fresh as the first request's, for a route whose success uses its subject up
   * (a one-time survey link): the fuzz takes them for each attempt that keeps the original ones.
   */
  renew?(w: World): Promise<Record<string, string>>;
}

/** A JWT route: no token, a forged one or an expired one is 401, whoever it claims to be. */
const jwt = (m: Record<Named, Expected>): Record<Caller, Expected> => ({
  anonymous: 401,
  forged: 401,
  expired: 401,
  ...m,
});
/** A public route: the same answer for everyone (a token, valid or not, changes nothing). */
const everyone = (status: Expected): Record<Caller, Expected> =>
  Object.fromEntries(
    (
      [
        'anonymous',
        'forged',
        'expired',
        'self',
        'peer',
        'supervisor',
        'supervisorsSupervisor',
        'otherUnit',
        'hr',
        'otherAgencyHr',
        'admin',
      ] as const
    ).map((c) => [c, status]),
  ) as Record<Caller, Expected>;

/** HR of the agency only: its members 403, another agency (and the platform admin) 404. */
const hrOnly = (ok: Expected) =>
  jwt({
    self: 403,
    peer: 403,
    supervisor: 403,
    supervisorsSupervisor: 403,
    otherUnit: 403,
    hr: ok,
    otherAgencyHr: 404,
    admin: 404,
  });
/** The owner's documents: readers are the owner, the supervisors above and HR; nobody else knows them. */
const readers = (ok: Expected) =>
  jwt({
    self: ok,
    peer: 404,
    supervisor: ok,
    supervisorsSupervisor: ok,
    otherUnit: 404,
    hr: ok,
    otherAgencyHr: 404,
    admin: 404,
  });
/** Only the owner acts; the other readers may see it (403), the rest may not (404). */
const ownerActs = (ok: Expected) =>
  jwt({
    self: ok,
    peer: 404,
    supervisor: 403,
    supervisorsSupervisor: 403,
    otherUnit: 404,
    hr: 403,
    otherAgencyHr: 404,
    admin: 404,
  });
/** Only the appraiser (direct supervisor) acts. */
const appraiserActs = (ok: Expected) =>
  jwt({
    self: 403,
    peer: 404,
    supervisor: ok,
    supervisorsSupervisor: 403,
    otherUnit: 404,
    hr: 403,
    otherAgencyHr: 404,
    admin: 404,
  });
/** HR's audit view of a document: HR 200, its other readers 403, the rest 404. */
const hrAudit = jwt({
  self: 403,
  peer: 404,
  supervisor: 403,
  supervisorsSupervisor: 403,
  otherUnit: 404,
  hr: 200,
  otherAgencyHr: 404,
  admin: 404,
});

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

// ---- state the lifecycle routes need ----------------------------------------------------------

/** The colleague's SKP, brought to `status` by the people who may (idempotent). */
async function skpIn(w: World, status: 'DRAFT' | 'SUBMITTED' | 'APPROVED'): Promise<string> {
  const skpId = w.skp.colleagueDraft;
  const self = await w.colleagueToken();
  for (let i = 0; i < 6; i++) {
    const now = await call('GET', `/v1/skp/${skpId}`, { token: w.tokens.hr! });
    const at = now.body.status as string;
    let etag = now.headers.etag!;
    if (at === status) return etag;
    const step = async (action: string, token: string, body?: unknown) => {
      const res = await call('POST', `/v1/skp/${skpId}/${action}`, {
        token,
        headers: { 'if-match': etag },
        ...(body ? { body } : {}),
      });
      expect(res.status, `${at} -> ${status} (${action}): ${JSON.stringify(res.body)}`).toBe(200);
    };
    if (at === 'DRAFT' || at === 'RETURNED') {
      // The content as it must be (another test may have edited it), then on if need be.
      const edited = await call('PUT', `/v1/skp/${skpId}`, {
        token: self,
        body: skpContent(w),
        headers: { 'if-match': etag },
      });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      etag = edited.headers.etag!;
      if (status !== 'DRAFT') await step('submit', self);
    } else if (at === 'SUBMITTED') {
      if (status === 'APPROVED') await step('approve', w.tokens.supervisor!);
      else await step('return', w.tokens.supervisor!, { reason: 'Perbaiki indikator' });
    } else {
      await step('revise', self, { reason: 'Perubahan target' });
    }
  }
  throw new Error(`SKP never reached ${status}`);
}

/** The owner's Q1 check-in, brought to OPEN or SUBMITTED (a review can only be answered once). */
async function checkinEtag(w: World) {
  return w.etagOf(`/v1/skp/${w.checkin.skpId}/periods/Q1`);
}

const skpContent = (w: World) => ({
  rhk: [
    {
      kind: 'UTAMA',
      text: 'Arsip kepegawaian tertata',
      intervenesRhkId: w.skp.chief.rhkIds[0],
      indicators: [{ text: 'Berkas tertata', aspect: 'KUANTITAS', target: { value: 90, unit: 'persen' } }],
    },
  ],
});

async function queuedJob(w: World, upload: boolean) {
  const text = toCsv(w.org);
  const created = await call('POST', `/v1/agencies/${w.agencyId}/employees/imports`, {
    token: w.tokens.hr!,
    body: { size: Buffer.byteLength(text) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (upload) {
    const put = await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: text,
    });
    expect(put.status).toBe(200);
  }
  return { jobId: created.body.jobId as string, etag: created.body.etag as string };
}
let sharedJob: { jobId: string; etag: string } | undefined;

/** Every member of the agency (what they see is filtered to what they may read); others 404. */
const agencyMembers = (ok: Expected, admin: Expected = 404) =>
  jwt({
    self: ok,
    peer: ok,
    supervisor: ok,
    supervisorsSupervisor: ok,
    otherUnit: ok,
    hr: ok,
    otherAgencyHr: 404,
    admin,
  });
/** Everyone signed in, about themselves (the admin and the other agency's HR included). */
const anyoneSignedIn = (ok: Expected) =>
  jwt({
    self: ok,
    peer: ok,
    supervisor: ok,
    supervisorsSupervisor: ok,
    otherUnit: ok,
    hr: ok,
    otherAgencyHr: ok,
    admin: ok,
  });

// ---- period-end reports (issue 12): HR, and the head of the unit (the supervisor's supervisor) --

/** HR of the agency and the head of the owner's unit; the rest of the agency 403, others 404. */
const hrOrUnitHead = (ok: Expected) =>
  jwt({
    self: 403,
    peer: 403,
    supervisor: 403,
    supervisorsSupervisor: ok,
    otherUnit: 403,
    hr: ok,
    otherAgencyHr: 404,
    admin: 404,
  });
const reportsPath = (w: World) => `/v1/agencies/${w.agencyId}/reports`;
const unitReport = (w: World) => ({
  year: 2027,
  period: 'Q1',
  unitId: w.people.owner.unitId,
  formats: ['CSV'],
});
let sharedReport: string | undefined;
/** A report of the owner's unit, made once (HR asks; the local report workflow produces it). */
async function unitReportId(w: World): Promise<string> {
  if (!sharedReport) {
    const asked = await call('POST', reportsPath(w), { token: w.tokens.hr!, body: unitReport(w) });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    sharedReport = asked.body.reportId as string;
  }
  await reportsSettled();
  return sharedReport;
}

/** One of the owner's own notifications (the approval of their SKP, an event notice). */
async function ownerNotification(w: World): Promise<string> {
  const mine = await call('GET', '/v1/me/notifications', { token: w.tokens.self! });
  expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  const id = mine.body.items?.[0]?.id as string | undefined;
  expect(id, 'the owner has a notification').toBeDefined();
  return id!;
}

// ---- the table ---------------------------------------------------------------------------------

// ---- appraisal: the Q1 review (opened once, w.reviewQ1) ------------------------------------------

const evalPath = (skpId: string) => `/v1/skp/${skpId}/periods/Q1/evaluation`;
const unitPath = (w: World, unitId: string) => `/v1/agencies/${w.agencyId}/cycles/2027/units/${unitId}`;
const onBehalf = 'SK Wali Kota 800/17/2027';

async function evaluation(w: World, skpId: string) {
  await w.reviewQ1();
  const res = await call('GET', evalPath(skpId), { token: w.tokens.hr! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { status: res.body.status as string, etag: res.headers.etag! };
}

/** A rating kept although the unit's distribution breaks its pattern (one rating is never the curve). */
const keepBreach = { confirmBreach: true, reason: 'Satu-satunya penilaian unit pada periode ini' };

/** The owner's unit's organisation result, set by the leader above its head (idempotent). */
async function ownerUnitSet(w: World) {
  const unitId = w.people.owner.unitId;
  const unit = await unitEtag(w, unitId);
  if (unit.status !== 'OPEN') return;
  const set = await call('PUT', `${unitPath(w, unitId)}/organization-rating`, {
    token: await tokenFor(w.people.top.nip, w.agencyId),
    headers: { 'if-match': unit.etag },
    body: { period: 'Q1', rating: 'BAIK' },
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
}

/** The owner's Q1 evaluation, rated by the appraiser (idempotent). */
async function ownerRated(w: World) {
  await ownerUnitSet(w);
  const now = await evaluation(w, w.skp.owner.skpId);
  if (now.status !== 'PENDING') return now;
  const rated = await call('PUT', evalPath(w.skp.owner.skpId), {
    token: w.tokens.supervisor!,
    headers: { 'if-match': now.etag },
    body: { hasilKerja: 'SESUAI', perilakuKerja: 'SESUAI' },
  });
  expect(rated.status, JSON.stringify(rated.body)).toBe(200);
  return { status: 'RATED', etag: rated.headers.etag! };
}

/** The owner's Q1 evaluation, final (idempotent). */
async function ownerFinal(w: World) {
  const now = await ownerRated(w);
  if (now.status === 'FINAL') return;
  const done = await call('POST', `${evalPath(w.skp.owner.skpId)}/finalize`, {
    token: w.tokens.supervisor!,
    headers: { 'if-match': now.etag },
    body: keepBreach,
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

async function unitEtag(w: World, unitId: string) {
  await w.reviewQ1();
  const res = await call('GET', `${unitPath(w, unitId)}/distribution?period=Q1`, { token: w.tokens.hr! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { status: res.body.status as string, etag: res.headers.etag! };
}

/**
 * The top unit (setda, headed by the agency head, whose leader is outside the chart): HR sets its
 * organisation result, rates and finalizes the head on behalf, each with the decision's reference;
 * then the penetapan can be signed (idempotent).
 */
async function topUnitReady(w: World) {
  const unitId = w.people.top.unitId;
  let unit = await unitEtag(w, unitId);
  if (unit.status === 'SIGNED') return unit;
  if (unit.status === 'OPEN') {
    const set = await call('PUT', `${unitPath(w, unitId)}/organization-rating`, {
      token: w.tokens.hr!,
      headers: { 'if-match': unit.etag },
      body: { period: 'Q1', rating: 'BAIK', decisionRef: onBehalf },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  }
  const topSkp = await call('GET', `/v1/employees/${w.people.top.nip}/skp?year=2027`, {
    token: w.tokens.hr!,
  });
  expect(topSkp.status, JSON.stringify(topSkp.body)).toBe(200);
  const skpId = (topSkp.body.items?.[0]?.skpId ?? topSkp.body.skpId) as string;
  let head = await evaluation(w, skpId);
  if (head.status === 'PENDING') {
    const rated = await call('PUT', evalPath(skpId), {
      token: w.tokens.hr!,
      headers: { 'if-match': head.etag },
      body: { perilakuKerja: 'SESUAI', decisionRef: onBehalf },
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    head = { status: 'RATED', etag: rated.headers.etag! };
  }
  if (head.status === 'RATED') {
    const done = await call('POST', `${evalPath(skpId)}/finalize`, {
      token: w.tokens.hr!,
      headers: { 'if-match': head.etag },
      body: { decisionRef: onBehalf, ...keepBreach },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  unit = await unitEtag(w, unitId);
  return unit;
}

/** A unit result only HR (on behalf) may change or sign; nobody else of the callers may see it. */
const hrOnBehalf = (ok: Expected) =>
  jwt({
    self: 404,
    peer: 404,
    supervisor: 404,
    supervisorsSupervisor: 404,
    otherUnit: 404,
    hr: ok,
    otherAgencyHr: 404,
    admin: 404,
  });

// ---- service-feedback surveys (issue 14) ---------------------------------------------------------

/**
 * The client address of this world's public requests: its own, so that the per-address limit
 * (120 per 10 minutes) of one test file is not spent by another's, whose clock may be in the
 * same window.
 */
export const clientIp = (w: World) => {
  const [a, b, c] = createHash('sha256').update(w.agencyId).digest();
  return `10.${a}.${b}.${c! || 1}`;
};

/** A fresh one-time link for the owner's service, issued by the owner (unit staff); its token. */
async function surveyToken(w: World): Promise<string> {
  const issued = await call('POST', `/v1/agencies/${w.agencyId}/survey-links`, {
    token: w.tokens.self!,
    body: { unitId: w.people.owner.unitId, nip: w.people.owner.nip },
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  return new URL(issued.body.url as string).pathname.split('/').at(-1)!;
}

export const surveyForm = 'speed=5&clarity=4&friendliness=5&comment=Pelayanan+cepat+dan+jelas';

/** The unit head (the supervisor's supervisor: the owner's unit's top) and HR; the rest of the agency 403. */
const unitHeadOrHr = (ok: Expected) =>
  jwt({
    self: 403,
    peer: 403,
    supervisor: 403,
    supervisorsSupervisor: ok,
    otherUnit: 403,
    hr: ok,
    otherAgencyHr: 404,
    admin: 404,
  });
const feedbackPath = (w: World) =>
  `/v1/agencies/${w.agencyId}/units/${w.people.owner.unitId}/service-feedback`;

// ---- appeals and follow-up (issue 11): the owner's Q1 result, final by the time these run -------

const appealPath = (w: World) => `/v1/skp/${w.skp.owner.skpId}/periods/Q1/appeal`;
const followUpPath = (w: World) => `/v1/skp/${w.skp.owner.skpId}/periods/Q1/follow-up`;
const appealReason = { reason: 'Target kuartal terlampaui; bukti capaian belum dipertimbangkan.' };

async function appealNow(w: World) {
  const res = await call('GET', appealPath(w), { token: w.tokens.hr! });
  expect([200, 404], JSON.stringify(res.body)).toContain(res.status);
  return res.status === 200 ? { status: res.body.status as string, etag: res.headers.etag! } : undefined;
}

/** The owner's appeal of their final Q1 result, filed by the owner (idempotent). */
async function ownerAppealed(w: World) {
  await ownerFinal(w);
  const now = await appealNow(w);
  if (now) return now;
  const filed = await call('POST', appealPath(w), { token: w.tokens.self!, body: appealReason });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return { status: 'FILED', etag: filed.headers.etag! };
}

/** ... with the appraiser's response (idempotent). */
async function appealResponded(w: World) {
  const now = await ownerAppealed(w);
  if (now.status !== 'FILED') return now;
  const res = await call('POST', `${appealPath(w)}/response`, {
    token: w.tokens.supervisor!,
    headers: { 'if-match': now.etag },
    body: { text: 'Capaian sudah dinilai sesuai bukti yang ada.' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { status: 'RESPONDED', etag: res.headers.etag! };
}

/**
 * The decision by the appraiser's supervisor: CHANGED, the work result lowered (the rules let the
 * decider move it either way), so the Butuh Perbaikan it gives opens a development plan.
 */
const decision = {
  outcome: 'CHANGED',
  hasilKerja: 'DI_BAWAH',
  reason: 'Bukti menunjukkan target utama belum tercapai pada triwulan ini.',
};
async function appealDecided(w: World) {
  const now = await appealResponded(w);
  if (now.status === 'DECIDED') return;
  const res = await call('POST', `${appealPath(w)}/decision`, {
    token: w.tokens.supervisorsSupervisor!,
    headers: { 'if-match': now.etag },
    body: decision,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function followUpNow(w: World) {
  await appealDecided(w);
  const res = await call('GET', followUpPath(w), { token: w.tokens.hr! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { status: res.body.status as string, etag: res.headers.etag! };
}

/** A development plan: a local date a month from the clock's today. */
const developmentPlan = (w: World) => ({
  activity: 'COACHING',
  description: 'Bimbingan penyusunan target dan bukti capaian bersama atasan langsung.',
  targetDate: new Date(w.clock.now() + 30 * 86_400_000).toISOString().slice(0, 10),
});

/** The plan made by the appraiser (idempotent). */
async function followUpPlanned(w: World) {
  const now = await followUpNow(w);
  if (now.status !== 'PLAN_DUE') return now;
  const res = await call('PUT', `${followUpPath(w)}/plan`, {
    token: w.tokens.supervisor!,
    headers: { 'if-match': now.etag },
    body: developmentPlan(w),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { status: 'PLANNED', etag: res.headers.etag! };
}

export const policy: Record<string, RoutePolicy> = {
  'GET /health': { expect: everyone(200), request: () => ({ path: '/health' }) },
  'GET /openapi.json': { expect: everyone(200), request: () => ({ path: '/openapi.json' }) },
  // Local-only: the deployed stack has no such route (test/infra/stacks.test.ts); here anyone may.
  'POST /v1/dev/token': {
    expect: everyone(200),
    request: (w) => ({
      path: '/v1/dev/token',
      body: { nip: w.people.owner.nip, agencyId: w.agencyId, roles: [] },
    }),
  },
  // Only `npm start` controls a clock; anywhere else these routes do not exist (404 for all).
  'GET /v1/dev/clock': { expect: everyone(404), request: () => ({ path: '/v1/dev/clock' }) },
  'POST /v1/dev/clock': {
    expect: everyone(404),
    request: () => ({ path: '/v1/dev/clock', body: { at: '2027-12-31T00:00:00+07:00' } }),
  },

  'POST /v1/agencies': {
    expect: jwt({
      self: 403,
      peer: 403,
      supervisor: 403,
      supervisorsSupervisor: 403,
      otherUnit: 403,
      hr: 403,
      otherAgencyHr: 403,
      admin: 201,
    }),
    request: () => ({
      path: '/v1/agencies',
      body: {
        agencyId: unique('ag'),
        name: 'Instansi Baru',
        timeZone: 'Asia/Jayapura',
        periodicity: 'MONTHLY',
      },
    }),
  },
  'GET /v1/agencies/{agencyId}': {
    expect: jwt({
      self: 200,
      peer: 200,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 200,
      hr: 200,
      otherAgencyHr: 404,
      admin: 200,
    }),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}` }),
  },
  'POST /v1/agencies/{agencyId}/employees/import': {
    expect: hrOnly(200),
    request: (w) => ({
      path: `/v1/agencies/${w.agencyId}/employees/import`,
      raw: { contentType: 'text/csv', text: toCsv(w.org) },
    }),
  },
  'GET /v1/agencies/{agencyId}/employees/import/template': {
    expect: hrOnly(200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/employees/import/template?format=XLSX` }),
  },
  'POST /v1/agencies/{agencyId}/employees/imports': {
    expect: hrOnly(201),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/employees/imports`, body: { size: 2048 } }),
  },
  'POST /v1/agencies/{agencyId}/employees/imports/{jobId}/start': {
    expect: hrOnly(202),
    async request(w, caller) {
      // Everyone else tries the same uploaded job; HR starts a fresh one (a job starts once).
      if (caller !== 'hr' && !sharedJob) sharedJob = await queuedJob(w, true);
      const job = caller === 'hr' ? await queuedJob(w, true) : sharedJob!;
      return {
        path: `/v1/agencies/${w.agencyId}/employees/imports/${job.jobId}/start`,
        headers: { 'if-match': job.etag },
      };
    },
  },
  'GET /v1/agencies/{agencyId}/employees/imports/{jobId}': {
    expect: hrOnly(200),
    async request(w) {
      await localImportJobs.idle();
      sharedJob ??= await queuedJob(w, false);
      return { path: `/v1/agencies/${w.agencyId}/employees/imports/${sharedJob.jobId}` };
    },
  },

  // Everyone signed in reads their own inbox.
  'GET /v1/me/notifications': {
    expect: jwt({
      self: 200,
      peer: 200,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 200,
      hr: 200,
      otherAgencyHr: 200,
      admin: 200,
    }),
    request: () => ({ path: '/v1/me/notifications' }),
  },
  // Only the recipient marks a notification read (another inbox's is not found, HR's own inbox aside).
  'POST /v1/me/notifications/{id}/read': {
    expect: jwt({
      self: 200,
      peer: 404,
      supervisor: 404,
      supervisorsSupervisor: 404,
      otherUnit: 404,
      hr: 404,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => ({ path: `/v1/me/notifications/${await ownerNotification(w)}/read` }),
  },
  // Lists (issue 13): one's own team; a unit's employees and SKPs for the agency's members, each
  // row filtered to what the caller may read; the agency's cycles as the agency (the admin too).
  'GET /v1/me/team': {
    expect: anyoneSignedIn(200),
    request: () => ({ path: '/v1/me/team?year=2027' }),
  },
  'GET /v1/agencies/{agencyId}/units/{unitId}/employees': {
    expect: agencyMembers(200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/units/${w.people.owner.unitId}/employees` }),
  },
  'GET /v1/agencies/{agencyId}/units/{unitId}/skp': {
    expect: agencyMembers(200),
    request: (w) => ({
      path: `/v1/agencies/${w.agencyId}/units/${w.people.owner.unitId}/skp?year=2027`,
    }),
  },
  'GET /v1/agencies/{agencyId}/cycles': {
    expect: agencyMembers(200, 200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/cycles` }),
  },
  'GET /v1/employees/{nip}': {
    expect: jwt({
      self: 200,
      peer: 403,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 403,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: (w) => ({ path: `/v1/employees/${w.people.owner.nip}` }),
  },
  'GET /v1/me': {
    expect: jwt({
      self: 200,
      peer: 200,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 200,
      hr: 200,
      otherAgencyHr: 200,
      admin: 200,
    }),
    request: () => ({ path: '/v1/me' }),
  },

  'POST /v1/agencies/{agencyId}/cycles': {
    expect: hrOnly(201),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/cycles`, body: { year: 2028 } }),
  },
  'GET /v1/agencies/{agencyId}/cycles/{year}': {
    expect: jwt({
      self: 200,
      peer: 200,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 200,
      hr: 200,
      otherAgencyHr: 404,
      admin: 200,
    }),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/cycles/2027` }),
  },

  // Everyone drafts only their own SKP: those who have one for 2027 get 409, the admin (no
  // profile) 404, the other agency's HR drafts in their own agency.
  'POST /v1/skp': {
    expect: jwt({
      self: 409,
      peer: 201,
      supervisor: 409,
      supervisorsSupervisor: 409,
      otherUnit: 201,
      hr: 201,
      otherAgencyHr: 201,
      admin: 404,
    }),
    request: () => ({
      path: '/v1/skp',
      body: {
        year: 2027,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Layanan',
            indicators: [{ text: 'Layanan', aspect: 'KUANTITAS', target: { value: 1, unit: 'x' } }],
          },
        ],
      },
    }),
  },
  'GET /v1/skp/{skpId}': { expect: readers(200), request: (w) => ({ path: `/v1/skp/${w.skp.owner.skpId}` }) },
  'GET /v1/employees/{nip}/skp': {
    expect: readers(200),
    request: (w) => ({ path: `/v1/employees/${w.people.owner.nip}/skp?year=2027` }),
  },
  // What the owner may cascade from (their appraiser's SKPs): the owner; its other readers 403.
  'GET /v1/skp/{skpId}/cascade-sources': {
    expect: ownerActs(200),
    request: (w) => ({ path: `/v1/skp/${w.skp.owner.skpId}/cascade-sources` }),
  },
  'PUT /v1/skp/{skpId}': {
    expect: ownerActs(200),
    async request(w, caller) {
      const etag = await skpIn(w, 'DRAFT');
      return {
        path: `/v1/skp/${w.skp.colleagueDraft}`,
        body: skpContent(w),
        headers: { 'if-match': etag },
        ...(caller === 'self' ? { token: await w.colleagueToken() } : {}),
      };
    },
  },
  'POST /v1/skp/{skpId}/submit': {
    expect: ownerActs(200),
    async request(w, caller) {
      const etag = await skpIn(w, 'DRAFT');
      return {
        path: `/v1/skp/${w.skp.colleagueDraft}/submit`,
        headers: { 'if-match': etag },
        ...(caller === 'self' ? { token: await w.colleagueToken() } : {}),
      };
    },
  },
  'POST /v1/skp/{skpId}/approve': {
    expect: appraiserActs(200),
    async request(w, caller) {
      const etag = await skpIn(w, 'SUBMITTED');
      return {
        path: `/v1/skp/${w.skp.colleagueDraft}/approve`,
        headers: { 'if-match': etag },
        ...(caller === 'self' ? { token: await w.colleagueToken() } : {}),
      };
    },
  },
  'POST /v1/skp/{skpId}/return': {
    expect: appraiserActs(200),
    async request(w, caller) {
      const etag = await skpIn(w, 'SUBMITTED');
      return {
        path: `/v1/skp/${w.skp.colleagueDraft}/return`,
        body: { reason: 'Perbaiki target' },
        headers: { 'if-match': etag },
        ...(caller === 'self' ? { token: await w.colleagueToken() } : {}),
      };
    },
  },
  'POST /v1/skp/{skpId}/revise': {
    expect: ownerActs(200),
    async request(w, caller) {
      const etag = await skpIn(w, 'APPROVED');
      return {
        path: `/v1/skp/${w.skp.colleagueDraft}/revise`,
        body: { reason: 'Perubahan tugas' },
        headers: { 'if-match': etag },
        ...(caller === 'self' ? { token: await w.colleagueToken() } : {}),
      };
    },
  },
  // What the agency HR owes: HR of the agency (each HR their own agency's), nobody else.
  'GET /v1/me/action-items': {
    expect: jwt({
      self: 403,
      peer: 403,
      supervisor: 403,
      supervisorsSupervisor: 403,
      otherUnit: 403,
      hr: 200,
      otherAgencyHr: 200,
      admin: 403,
    }),
    request: () => ({ path: '/v1/me/action-items?inbox=HR' }),
  },
  'GET /v1/skp/{skpId}/audit': {
    expect: hrAudit,
    request: (w) => ({ path: `/v1/skp/${w.skp.owner.skpId}/audit` }),
  },

  'POST /v1/skp/{skpId}/evidence': {
    expect: ownerActs(201),
    request: (w) => ({
      path: `/v1/skp/${w.skp.owner.skpId}/evidence`,
      body: { fileName: 'foto.png', contentType: 'image/png', size: 100 },
    }),
  },
  'GET /v1/skp/{skpId}/evidence/{evidenceId}': {
    expect: readers(200),
    request: (w) => ({ path: `/v1/skp/${w.skp.owner.skpId}/evidence/${w.evidenceId}` }),
  },
  'GET /v1/skp/{skpId}/periods/{period}': {
    expect: readers(200),
    request: (w) => ({ path: `/v1/skp/${w.checkin.skpId}/periods/Q1` }),
  },
  'PUT /v1/skp/{skpId}/periods/{period}/realisasi': {
    expect: ownerActs(200),
    request: async (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/realisasi`,
      headers: { 'if-match': await checkinEtag(w) },
      body: {
        indicators: [
          { indicatorId: w.skp.owner.indicatorIds[0], value: 55, evidenceIds: [w.evidenceId] },
          { indicatorId: w.skp.owner.indicatorIds[1], description: 'Pedoman disusun' },
        ],
      },
    }),
  },
  'PUT /v1/skp/{skpId}/periods/{period}/self-assessment': {
    expect: ownerActs(200),
    request: async (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/self-assessment`,
      headers: { 'if-match': await checkinEtag(w) },
      body: { summary: 'Sesuai rencana', perilaku: [{ value: 'AKUNTABEL', text: 'Tepat waktu' }] },
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/submit': {
    expect: ownerActs(200),
    request: async (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/submit`,
      headers: { 'if-match': await checkinEtag(w) },
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/feedback': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/feedback`,
      headers: { 'if-match': await checkinEtag(w) },
      body: { general: 'Pertahankan' },
    }),
  },
  // A dialog kinerja is the employee's and the appraiser's: both record, nobody else.
  'POST /v1/skp/{skpId}/periods/{period}/dialogs': {
    expect: jwt({
      self: 201,
      peer: 404,
      supervisor: 201,
      supervisorsSupervisor: 403,
      otherUnit: 404,
      hr: 403,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/dialogs`,
      headers: { 'if-match': await checkinEtag(w) },
      body: { date: '2027-02-15', topics: ['Kemajuan triwulan'] },
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/peer-requests': {
    expect: appraiserActs(201),
    request: (w) => ({
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1/peer-requests`,
      body: { peerNips: [w.people.colleague.nip] },
    }),
  },
  // Only the peer asked knows the request exists.
  'GET /v1/skp/{skpId}/periods/{period}/peer-input': {
    expect: jwt({
      self: 404,
      peer: 200,
      supervisor: 404,
      supervisorsSupervisor: 404,
      otherUnit: 404,
      hr: 404,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: (w) => ({ path: `/v1/skp/${w.checkin.skpId}/periods/Q1/peer-input` }),
  },
  'PUT /v1/skp/{skpId}/periods/{period}/peer-input': {
    expect: jwt({
      self: 404,
      peer: 200,
      supervisor: 404,
      supervisorsSupervisor: 404,
      otherUnit: 404,
      hr: 404,
      otherAgencyHr: 404,
      admin: 404,
    }),
    async request(w) {
      const mine = await call('GET', `/v1/skp/${w.checkin.skpId}/periods/Q1/peer-input`, {
        token: w.tokens.peer!,
      });
      expect(mine.status).toBe(200);
      return {
        path: `/v1/skp/${w.checkin.skpId}/periods/Q1/peer-input`,
        headers: { 'if-match': mine.body.etag },
        body: { values: [{ value: 'HARMONIS', rating: 'SESUAI' }] },
      };
    },
  },
  'GET /v1/skp/{skpId}/periods/{period}/audit': {
    expect: hrAudit,
    request: (w) => ({ path: `/v1/skp/${w.checkin.skpId}/periods/Q1/audit` }),
  },
  'PUT /v1/skp/{skpId}/expectations': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `/v1/skp/${w.skp.owner.skpId}/expectations`,
      headers: { 'if-match': await w.etagOf(`/v1/skp/${w.skp.owner.skpId}`) },
      body: { perilaku: [{ value: 'KOLABORATIF', ekspektasi: 'Aktif dalam tim penilaian' }] },
    }),
  },

  // Appraisal (the Q1 review opened by the real phase use case).
  'GET /v1/skp/{skpId}/periods/{period}/evaluation': {
    expect: readers(200),
    request: async (w) => {
      await w.reviewQ1();
      return { path: evalPath(w.skp.owner.skpId) };
    },
  },
  'PUT /v1/skp/{skpId}/periods/{period}/evaluation': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: evalPath(w.skp.owner.skpId),
      headers: { 'if-match': (await evaluation(w, w.skp.owner.skpId)).etag },
      body: { hasilKerja: 'DI_ATAS', perilakuKerja: 'SESUAI', notes: 'Target kuartal terlampaui' },
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/evaluation/finalize': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `${evalPath(w.skp.owner.skpId)}/finalize`,
      headers: { 'if-match': (await ownerRated(w)).etag },
      body: keepBreach,
    }),
  },
  // The chief's evaluation (the chief is "supervisor", the appraiser the one above): HR names another.
  'POST /v1/skp/{skpId}/periods/{period}/evaluation/reassign': {
    expect: jwt({
      self: 404,
      peer: 404,
      supervisor: 403,
      supervisorsSupervisor: 403,
      otherUnit: 404,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => ({
      path: `${evalPath(w.skp.chief.skpId)}/reassign`,
      headers: { 'if-match': (await evaluation(w, w.skp.chief.skpId)).etag },
      body: { appraiserNip: w.people.top.nip, reason: 'Atasan langsung menjalani cuti besar' },
    }),
  },
  'GET /v1/skp/{skpId}/periods/{period}/evaluation/document': {
    expect: readers(200),
    request: async (w) => {
      await ownerFinal(w);
      return { path: `${evalPath(w.skp.owner.skpId)}/document` };
    },
  },
  // The owner's unit: its head (the supervisor's supervisor) and HR read it.
  'GET /v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/distribution': {
    expect: jwt({
      self: 404,
      peer: 404,
      supervisor: 404,
      supervisorsSupervisor: 200,
      otherUnit: 404,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => {
      await w.reviewQ1();
      return { path: `${unitPath(w, w.people.owner.unitId)}/distribution?period=Q1` };
    },
  },
  'PUT /v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/organization-rating': {
    expect: hrOnBehalf(200),
    request: async (w) => ({
      path: `${unitPath(w, w.people.top.unitId)}/organization-rating`,
      headers: { 'if-match': (await unitEtag(w, w.people.top.unitId)).etag },
      body: { period: 'Q1', rating: 'BAIK', decisionRef: onBehalf },
    }),
  },
  'POST /v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/penetapan': {
    expect: hrOnBehalf(200),
    request: async (w) => ({
      path: `${unitPath(w, w.people.top.unitId)}/penetapan?period=Q1`,
      headers: { 'if-match': (await topUnitReady(w)).etag },
      body: { decisionRef: onBehalf },
    }),
  },
  'GET /v1/agencies/{agencyId}/cycles/{year}/units/{unitId}/penetapan/document': {
    expect: hrOnBehalf(200),
    request: async (w) => {
      const unit = await topUnitReady(w);
      if (unit.status !== 'SIGNED') {
        const signed = await call('POST', `${unitPath(w, w.people.top.unitId)}/penetapan?period=Q1`, {
          token: w.tokens.hr!,
          headers: { 'if-match': unit.etag },
          body: { decisionRef: onBehalf },
        });
        expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      }
      return { path: `${unitPath(w, w.people.top.unitId)}/penetapan/document?period=Q1` };
    },
  },

  // Period-end reports: a unit's report for HR and that unit's head.
  'POST /v1/agencies/{agencyId}/reports': {
    expect: hrOrUnitHead(202),
    request: async (w) => {
      await reportsSettled();
      return { path: reportsPath(w), body: unitReport(w) };
    },
  },
  'GET /v1/agencies/{agencyId}/reports': {
    expect: hrOrUnitHead(200),
    request: (w) => ({ path: `${reportsPath(w)}?year=2027` }),
  },
  // One report: who may not read it does not learn it exists (404), in the agency too.
  'GET /v1/agencies/{agencyId}/reports/{reportId}': {
    expect: jwt({
      self: 404,
      peer: 404,
      supervisor: 404,
      supervisorsSupervisor: 200,
      otherUnit: 404,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => ({ path: `${reportsPath(w)}/${await unitReportId(w)}` }),
  },

  // Service-feedback surveys: unit staff of the unit (the owner and everyone of the owner's unit,
  // HR among them) issue links for it; another unit's staff 403; other agencies do not know it.
  'POST /v1/agencies/{agencyId}/survey-links': {
    expect: jwt({
      self: 201,
      peer: 201,
      supervisor: 201,
      supervisorsSupervisor: 201,
      otherUnit: 403,
      hr: 201,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: (w) => ({
      path: `/v1/agencies/${w.agencyId}/survey-links`,
      body: { unitId: w.people.owner.unitId, nip: w.people.owner.nip },
    }),
  },
  'GET /v1/agencies/{agencyId}/units/{unitId}/service-feedback': {
    expect: unitHeadOrHr(200),
    request: (w) => ({ path: `${feedbackPath(w)}?year=2027&period=Q1` }),
  },
  'GET /v1/agencies/{agencyId}/units/{unitId}/service-feedback/comments': {
    expect: unitHeadOrHr(200),
    request: (w) => ({ path: `${feedbackPath(w)}/comments?year=2027&period=Q1` }),
  },
  // An employee's aggregate: who may read the employee (self, the chain above, HR).
  'GET /v1/employees/{nip}/service-feedback': {
    expect: jwt({
      self: 200,
      peer: 403,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 403,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: (w) => ({ path: `/v1/employees/${w.people.owner.nip}/service-feedback?year=2027&period=Q1` }),
  },
  // The public page: whoever holds the link, with or without a token (a token changes nothing).
  'GET /v1/public/surveys/{token}': {
    expect: everyone(200),
    request: async (w) => ({ path: `/v1/public/surveys/${await surveyToken(w)}`, sourceIp: clientIp(w) }),
    renew: async (w) => ({ token: await surveyToken(w) }),
  },
  'POST /v1/public/surveys/{token}': {
    expect: everyone(201),
    request: async (w) => ({
      path: `/v1/public/surveys/${await surveyToken(w)}`,
      raw: { contentType: 'application/x-www-form-urlencoded', text: surveyForm },
      sourceIp: clientIp(w),
    }),
    renew: async (w) => ({ token: await surveyToken(w) }),
  },

  // Appeals (keberatan): the owner files against a final result; the appraiser (the supervisor)
  // responds; the appraiser's supervisor decides; HR lists them. Readers of the evaluation see it.
  'POST /v1/skp/{skpId}/periods/{period}/appeal': {
    expect: ownerActs(201),
    request: async (w) => {
      await ownerFinal(w);
      return { path: appealPath(w), body: appealReason };
    },
  },
  'GET /v1/skp/{skpId}/periods/{period}/appeal': {
    expect: readers(200),
    request: async (w) => {
      await ownerAppealed(w);
      return { path: appealPath(w) };
    },
  },
  'POST /v1/skp/{skpId}/periods/{period}/appeal/response': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `${appealPath(w)}/response`,
      headers: { 'if-match': (await ownerAppealed(w)).etag },
      body: { text: 'Capaian sudah dinilai sesuai bukti yang ada.' },
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/appeal/decision': {
    expect: jwt({
      self: 403,
      peer: 404,
      supervisor: 403,
      supervisorsSupervisor: 200,
      otherUnit: 404,
      // HR decides only for an appraiser whose supervisor is outside the chart.
      hr: 403,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: async (w) => ({
      path: `${appealPath(w)}/decision`,
      headers: { 'if-match': (await appealResponded(w)).etag },
      body: decision,
    }),
  },
  'GET /v1/agencies/{agencyId}/appeals': {
    expect: hrOnly(200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/appeals?year=2027` }),
  },
  // Follow-up (tindak lanjut): the development plan the decided Butuh Perbaikan opened.
  'GET /v1/skp/{skpId}/periods/{period}/follow-up': {
    expect: readers(200),
    request: async (w) => {
      await followUpNow(w);
      return { path: followUpPath(w) };
    },
  },
  'PUT /v1/skp/{skpId}/periods/{period}/follow-up/plan': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `${followUpPath(w)}/plan`,
      headers: { 'if-match': (await followUpNow(w)).etag },
      body: developmentPlan(w),
    }),
  },
  'POST /v1/skp/{skpId}/periods/{period}/follow-up/complete': {
    expect: appraiserActs(200),
    request: async (w) => ({
      path: `${followUpPath(w)}/complete`,
      headers: { 'if-match': (await followUpPlanned(w)).etag },
      body: { note: 'Bimbingan selesai; target triwulan berikut disusun bersama.' },
    }),
  },
  // The agency's policy: its members (and the platform admin) read it; HR sets it.
  'GET /v1/agencies/{agencyId}/policy': {
    expect: agencyMembers(200, 200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/policy` }),
  },
  'PUT /v1/agencies/{agencyId}/policy': {
    expect: hrOnly(200),
    request: async (w) => {
      const now = await call('GET', `/v1/agencies/${w.agencyId}/policy`, { token: w.tokens.hr! });
      expect(now.status, JSON.stringify(now.body)).toBe(200);
      return {
        path: `/v1/agencies/${w.agencyId}/policy`,
        headers: { 'if-match': now.headers.etag! },
        body: { appeal: now.body.appeal, allowance: now.body.allowance, angkaKredit: now.body.angkaKredit },
      };
    },
  },
  // Payroll shares: an agency's period for HR; an employee's year for who may read the employee.
  'GET /v1/agencies/{agencyId}/payroll': {
    expect: hrOnly(200),
    request: (w) => ({ path: `/v1/agencies/${w.agencyId}/payroll?year=2027&period=Q1` }),
  },
  'GET /v1/employees/{nip}/payroll': {
    expect: jwt({
      self: 200,
      peer: 403,
      supervisor: 200,
      supervisorsSupervisor: 200,
      otherUnit: 403,
      hr: 200,
      otherAgencyHr: 404,
      admin: 404,
    }),
    request: (w) => ({ path: `/v1/employees/${w.people.owner.nip}/payroll?year=2027` }),
  },
};
