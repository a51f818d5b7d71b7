/**
 * One agency in mid-cycle, built through the real handlers, for the security suite and the
 * crafted-input tests: an org chart of four levels, the 2027 cycle, approved SKP down the chain
 * (the owner's cascaded three levels), a DRAFT SKP of a colleague, the owner's Q1 check-in with
 * verified evidence, a peer request, and a second agency with its own HR. The clock is the test's
 * (a LocalClock set through functions/clock.ts): 4 January 2027 for the plans, then 15 February
 * (inside Q1) for the rest.
 *
 * Callers are named by their relation to the owner's documents: self (the owner), peer (same unit
 * and appraiser), supervisor (the appraiser), supervisorsSupervisor, otherUnit, hr, otherAgencyHr,
 * admin; and three that hold no valid token: anonymous, forged (right kid, wrong key), expired.
 */
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { expect } from 'vitest';
import { phaseRuns } from '#core/phases.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { setClock } from '#functions/clock.ts';
import { cycleCalendar } from '#functions/use-cases/calendars.ts';
import { processPage } from '#functions/use-cases/phases.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, type OrgRow, toCsv } from '#local/demo-data.ts';
import { call, tokenFor, uniqueAgencyId } from './api.ts';

export const callers = [
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
] as const;
export type Caller = (typeof callers)[number];

export const adminNip = '197001011995031001';

export interface SkpRef {
  skpId: string;
  rhkIds: string[];
  indicatorIds: string[];
}

export interface World {
  agencyId: string;
  otherAgencyId: string;
  org: OrgRow[];
  people: Record<'top' | 'head' | 'chief' | 'owner' | 'peer' | 'colleague' | 'hr' | 'otherUnit', OrgRow> & {
    otherHr: OrgRow;
  };
  clock: LocalClock;
  /** Tokens of every caller, minted on the clock as it is now. */
  tokens: Record<Caller, string | undefined>;
  /** The colleague's token (owner of the DRAFT SKP: "self" for the SKP lifecycle routes). */
  colleagueToken(): Promise<string>;
  /** Mints every caller's token again (after moving the clock). */
  remint(): Promise<void>;
  skp: { owner: SkpRef; chief: SkpRef; colleagueDraft: string };
  checkin: { skpId: string; period: 'Q1' };
  evidenceId: string;
  /** A declared evidence file that was uploaded but never linked (so never verified). */
  unverifiedEvidenceId: string;
  /** What a reader with full rights sees now (the ETag to send as If-Match). */
  etagOf(path: string): Promise<string>;
  /**
   * Once: the clock to the end of Q1 and the Q1 review phase run (the real use case), which opens
   * the evaluations of every approved SKP and the unit results; tokens minted again. Moves the
   * clock forward for the rest of the file: call it only after what needs the middle of Q1.
   */
  reviewQ1(): Promise<void>;
}

export const pdf = (size: number) => {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};

async function upload(url: string, contentType: string, bytes: Buffer) {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Signed with a fresh key under the trusted key's kid: looks right, verifies against nothing. */
async function forgedToken(nip: string, agencyId: string, nowSeconds: number) {
  const jwk = JSON.parse(process.env.SIKLUS_DEV_SIGNING_JWK!);
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ agencyId, roles: ['HR', 'ADMIN'] })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setSubject(nip)
    .setIssuer(process.env.AUTH_ISSUER!)
    .setAudience(process.env.AUTH_AUDIENCE!)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 600)
    .sign(privateKey);
}

/** Signed with the trusted key, expired a minute ago. */
async function expiredToken(nip: string, agencyId: string, nowSeconds: number) {
  const jwk = JSON.parse(process.env.SIKLUS_DEV_SIGNING_JWK!);
  return new SignJWT({ agencyId, roles: ['HR'] })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setSubject(nip)
    .setIssuer(process.env.AUTH_ISSUER!)
    .setAudience(process.env.AUTH_AUDIENCE!)
    .setIssuedAt(nowSeconds - 3600)
    .setExpirationTime(nowSeconds - 60)
    .sign(await importJWK(jwk, 'ES256'));
}

export async function buildWorld(seed: number): Promise<World> {
  const clock = new LocalClock({ startAt: Date.parse('2027-01-04T02:00:00Z') });
  setClock(() => clock.now());
  const agencyId = uniqueAgencyId('sec');
  const otherAgencyId = uniqueAgencyId('lain');
  const org = demoOrg(seed);
  const otherOrg = demoOrg(seed + 1);
  const people = {
    top: org[0]!,
    head: org[1]!,
    chief: org[2]!,
    owner: org[3]!,
    peer: org[4]!,
    colleague: org[5]!,
    hr: org[8]!,
    otherUnit: org[13]!,
    otherHr: otherOrg[8]!,
  };
  expect(people.owner.supervisorNip).toBe(people.chief.nip);
  expect(people.peer.supervisorNip).toBe(people.chief.nip);
  expect(people.otherUnit.unitId).not.toBe(people.owner.unitId);

  const tokens = {} as Record<Caller, string | undefined>;
  const remint = async () => {
    const nowSeconds = Math.floor(clock.now() / 1000);
    Object.assign(tokens, {
      anonymous: undefined,
      forged: await forgedToken(people.owner.nip, agencyId, nowSeconds),
      expired: await expiredToken(people.owner.nip, agencyId, nowSeconds),
      self: await tokenFor(people.owner.nip, agencyId),
      peer: await tokenFor(people.peer.nip, agencyId),
      supervisor: await tokenFor(people.chief.nip, agencyId),
      supervisorsSupervisor: await tokenFor(people.head.nip, agencyId),
      otherUnit: await tokenFor(people.otherUnit.nip, agencyId),
      hr: await tokenFor(people.hr.nip, agencyId, ['HR']),
      otherAgencyHr: await tokenFor(people.otherHr.nip, otherAgencyId, ['HR']),
      admin: await tokenFor(adminNip, 'siklus', ['ADMIN']),
    });
  };
  await remint();
  const as = (nip: string) => tokenFor(nip, agencyId);

  for (const [id, name] of [
    [agencyId, 'Kota Uji Keamanan'],
    [otherAgencyId, 'Kabupaten Lain'],
  ] as const) {
    const created = await call('POST', '/v1/agencies', {
      token: tokens.admin!,
      body: { agencyId: id, name, timeZone: 'Asia/Makassar', periodicity: 'QUARTERLY' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  for (const [id, rows, hr] of [
    [agencyId, org, tokens.hr!],
    [otherAgencyId, otherOrg, tokens.otherAgencyHr!],
  ] as const) {
    const imported = await call('POST', `/v1/agencies/${id}/employees/import`, {
      token: hr,
      raw: { contentType: 'text/csv', text: toCsv(rows) },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const cycle = await call('POST', `/v1/agencies/${id}/cycles`, { token: hr, body: { year: 2027 } });
    expect(cycle.status, JSON.stringify(cycle.body)).toBe(201);
  }

  const draft = async (nip: string, text: string, link?: string) => {
    const res = await call('POST', '/v1/skp', {
      token: await as(nip),
      body: {
        year: 2027,
        rhk: [
          {
            kind: 'UTAMA',
            text,
            ...(link ? { intervenesRhkId: link } : {}),
            indicators: [
              { text: `Persentase ${text}`, aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
              { text: `Dokumen ${text}`, aspect: 'KUALITAS', target: { description: 'Tersusun' } },
            ],
          },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as {
      skpId: string;
      etag: string;
      content: { rhk: { rhkId: string; indicators: { indicatorId: string }[] }[] };
    };
  };
  const approveChain = async (skp: { skpId: string; etag: string }, ownerNip: string, approver: string) => {
    const sub = await call('POST', `/v1/skp/${skp.skpId}/submit`, {
      token: await as(ownerNip),
      headers: { 'if-match': skp.etag },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    const ok = await call('POST', `/v1/skp/${skp.skpId}/approve`, {
      token: approver,
      headers: { 'if-match': sub.body.etag },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  };
  const ref = (s: Awaited<ReturnType<typeof draft>>): SkpRef => ({
    skpId: s.skpId,
    rhkIds: s.content.rhk.map((r) => r.rhkId),
    indicatorIds: s.content.rhk.flatMap((r) => r.indicators.map((i) => i.indicatorId)),
  });
  const top = await draft(people.top.nip, 'Kinerja kota');
  await approveChain(top, people.top.nip, tokens.hr!);
  const head = await draft(people.head.nip, 'Kinerja badan', top.content.rhk[0]!.rhkId);
  await approveChain(head, people.head.nip, await as(people.top.nip));
  const chief = await draft(people.chief.nip, 'Penilaian kinerja', head.content.rhk[0]!.rhkId);
  await approveChain(chief, people.chief.nip, await as(people.head.nip));
  const owner = await draft(people.owner.nip, 'Administrasi penilaian', chief.content.rhk[0]!.rhkId);
  await approveChain(owner, people.owner.nip, await as(people.chief.nip));
  const colleague = await draft(people.colleague.nip, 'Arsip kepegawaian', chief.content.rhk[0]!.rhkId);

  // Inside Q1: evidence, the check-in opened by the first save, a peer asked.
  clock.set(Date.parse('2027-02-15T02:00:00Z'));
  await remint();
  const declare = async () => {
    const declared = await call('POST', `/v1/skp/${owner.skpId}/evidence`, {
      token: tokens.self!,
      body: { fileName: 'laporan.pdf', contentType: 'application/pdf', size: 1024 },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    await upload(declared.body.uploadUrl, 'application/pdf', pdf(1024));
    return declared.body.evidenceId as string;
  };
  const evidenceId = await declare();
  const unverifiedEvidenceId = await declare();
  const ownerRef = ref(owner);
  const saved = await call('PUT', `/v1/skp/${owner.skpId}/periods/Q1/realisasi`, {
    token: tokens.self!,
    body: {
      indicators: [
        { indicatorId: ownerRef.indicatorIds[0], value: 40, evidenceIds: [evidenceId] },
        { indicatorId: ownerRef.indicatorIds[1], description: 'Draf pedoman' },
      ],
    },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const asked = await call('POST', `/v1/skp/${owner.skpId}/periods/Q1/peer-requests`, {
    token: tokens.supervisor!,
    body: { peerNips: [people.peer.nip] },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);

  let reviewed: Promise<void> | undefined;
  const reviewQ1 = () =>
    (reviewed ??= (async () => {
      const calendar = (await cycleCalendar(liveDeps(), agencyId, 2027))!;
      const run = phaseRuns(agencyId, 2027, calendar).find(
        (r) => r.phase === 'PERIOD_REVIEW' && r.period === 'Q1',
      )!;
      clock.set(Math.max(clock.now(), Date.parse(run.evaluationsAt!)));
      await remint();
      const at = new Date(clock.now());
      let cursor: string | null = null;
      do cursor = (await processPage(liveDeps(), run, cursor, at.toISOString(), at)).cursor;
      while (cursor);
    })());

  return {
    agencyId,
    otherAgencyId,
    org,
    reviewQ1,
    people,
    clock,
    tokens,
    remint,
    skp: { owner: ownerRef, chief: ref(chief), colleagueDraft: colleague.skpId },
    checkin: { skpId: owner.skpId, period: 'Q1' },
    evidenceId,
    unverifiedEvidenceId,
    colleagueToken: () => tokenFor(people.colleague.nip, agencyId),
    async etagOf(path: string) {
      const res = await call('GET', path, { token: tokens.hr! });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.headers.etag ?? res.body.etag;
    },
  };
}
