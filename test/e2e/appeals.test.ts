/**
 * Appeals (keberatan) and follow-up over HTTP against `npm start`, on the runtime's clock: a
 * low predikat delivered opens the appraiser's development plan; an appeal filed inside the
 * window counted from that delivery (and one refused after it); the appraiser's response; the
 * decision by the appraiser's supervisor that changes the predikat; the updated document (its
 * text read with pdftotext); an appeal nobody decides escalates as the clock passes its deadline,
 * to the decider's supervisor, then to HR. Everything goes through fetch: no handler is imported.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ctrlC, json, npmStart } from '../support/npm-start.ts';

const dir = mkdtempSync(join(tmpdir(), 'siklus-e2e-appeals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agencyId = 'kota-uji-keberatan';
const unitName = 'Badan Kepegawaian dan Pengembangan SDM';
// sekda (setda, nobody above) -> head of bkpsdm -> two division heads -> staff.
const people = {
  sekda: ['196805121994031001', 'Sekretaris Daerah', 'setda', 'Sekretariat Daerah', ''],
  head: ['197503152000031002', 'Kepala Badan', 'bkpsdm', unitName, '196805121994031001'],
  chiefR: ['198211202006042001', 'Kepala Bidang Penilaian Kinerja', 'bkpsdm', unitName, '197503152000031002'],
  chiefS: ['198406082009011003', 'Kepala Bidang Mutasi', 'bkpsdm', unitName, '197503152000031002'],
  hr: ['199001172015032004', 'Analis SDM Aparatur', 'bkpsdm', unitName, '198211202006042001'],
  // Appeals inside the window; the appraiser answers; the head changes the result.
  fadli: ['199205302017011005', 'Pranata Komputer', 'bkpsdm', unitName, '198211202006042001'],
  // Appeals inside the window; nobody answers or decides: the decision escalates.
  aisyah: ['199409122019032006', 'Analis Kebijakan', 'bkpsdm', unitName, '198406082009011003'],
  // Appeals after the window: refused.
  rizal: ['199611042020121007', 'Pengadministrasi Umum', 'bkpsdm', unitName, '198406082009011003'],
} as const;
type Who = keyof typeof people;
const nip = (w: Who) => people[w][0];
const csv = `nip,name,email,position,unitId,unitName,supervisorNip\n${Object.entries(people)
  .map(
    ([w, [n, position, unitId, unit, sup]]) =>
      `${n},Pegawai ${w},${w}@uji.go.id,${position},${unitId},${unit},${sup}`,
  )
  .join('\n')}\n`;

/** The pair each staff member is rated with in Q1, and the predikat the table gives. */
const q1 = {
  fadli: { body: { hasilKerja: 'DI_BAWAH', perilakuKerja: 'SESUAI' }, predikat: 'BUTUH_PERBAIKAN' },
  aisyah: { body: { hasilKerja: 'SESUAI', perilakuKerja: 'DI_BAWAH' }, predikat: 'KURANG' },
  rizal: { body: { hasilKerja: 'DI_BAWAH', perilakuKerja: 'DI_BAWAH' }, predikat: 'SANGAT_KURANG' },
} as const;
const staff = Object.keys(q1) as (keyof typeof q1)[];

describe('appeals and follow-up over HTTP', () => {
  it('files inside the window, refuses after it, hears both sides, changes the predikat, escalates what nobody decides', async () => {
    // A shared machine: `npm start`, three months of schedules and three clock moves.
    const server = await npmStart(dir, ['--at', '2027-01-04T09:00:00+08:00']);
    const u = server.url;
    const tokens = new Map<string, string>();
    const as = async (w: Who | 'admin', roles: string[] = []) => {
      const key = `${w}|${roles.join()}`;
      if (!tokens.has(key)) {
        const res = await json(`${u}/v1/dev/token`, {
          method: 'POST',
          body: JSON.stringify(
            w === 'admin'
              ? { nip: '197001011995031001', agencyId: 'siklus', roles: ['ADMIN'] }
              : { nip: nip(w), agencyId, roles },
          ),
        });
        tokens.set(key, res.body.token);
      }
      return tokens.get(key)!;
    };
    const hr = () => as('hr', ['HR']);
    /** Moves the runtime's clock (what falls due on the way runs); tokens are minted anew. */
    const clockTo = async (at: string) => {
      const moved = await json(`${u}/v1/dev/clock`, { method: 'POST', body: JSON.stringify({ at }) });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      tokens.clear();
    };
    const send = async (
      method: string,
      path: string,
      token: string,
      body?: unknown,
      etag?: string,
    ): Promise<Awaited<ReturnType<typeof json>>> =>
      json(`${u}${path}`, {
        method,
        token,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headers: etag ? { 'if-match': etag } : {},
      });
    const ok = (res: Awaited<ReturnType<typeof json>>, status: number) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body;
    };
    const skpOf = new Map<Who, string>();
    const period = (w: Who) => `/v1/skp/${skpOf.get(w)}/periods/Q1`;
    const itemsOf = async (w: Who) =>
      ok(await send('GET', '/v1/me/action-items?limit=100', await as(w)), 200).items as {
        kind: string;
        dueAt: string;
        escalationLevel: number;
        subject: { ownerNip?: string };
      }[];
    const inboxOf = async (token: string) =>
      ok(await send('GET', '/v1/me/notifications?limit=100', token), 200).items as {
        kind: string;
        event?: string;
        level?: number;
        pendingKind?: string;
        body: string;
        recipient: string;
        subject?: { ownerNip?: string };
      }[];

    try {
      // The agency (WITA), its org chart and its 2027 cycle.
      ok(
        await send('POST', '/v1/agencies', await as('admin'), {
          agencyId,
          name: 'Pemerintah Kota Uji',
          timeZone: 'Asia/Makassar',
          periodicity: 'QUARTERLY',
        }),
        201,
      );
      const imported = await fetch(`${u}/v1/agencies/${agencyId}/employees/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await hr()}`, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(imported.status, await imported.clone().text()).toBe(200);
      ok(await send('POST', `/v1/agencies/${agencyId}/cycles`, await hr(), { year: 2027 }), 201);

      // SKPs down the chart, each RHK intervening in the supervisor's (HR approves the sekda's).
      const rhkOf = new Map<Who, string>();
      for (const w of Object.keys(people) as Who[]) {
        const sup = (Object.keys(people) as Who[]).find((s) => nip(s) === people[w][4]);
        const created = ok(
          await send('POST', '/v1/skp', await as(w), {
            year: 2027,
            rhk: [
              {
                kind: 'UTAMA',
                text: `Kinerja ${people[w][1]}`,
                ...(sup ? { intervenesRhkId: rhkOf.get(sup) } : {}),
                indicators: [
                  {
                    text: 'Dokumen diselesaikan',
                    aspect: 'KUANTITAS',
                    target: { value: 40, unit: 'dokumen' },
                  },
                ],
              },
            ],
          }),
          201,
        );
        const submitted = ok(
          await send('POST', `/v1/skp/${created.skpId}/submit`, await as(w), undefined, created.etag),
          200,
        );
        ok(
          await send(
            'POST',
            `/v1/skp/${created.skpId}/approve`,
            sup ? await as(sup) : await hr(),
            undefined,
            submitted.etag,
          ),
          200,
        );
        skpOf.set(w, created.skpId);
        rhkOf.set(w, created.content.rhk[0].rhkId);
      }

      // After the quarter (Monday 5 April, 09:00 WITA): the sekda sets the unit's result; the
      // appraisers rate and finalize: the result is delivered.
      await clockTo('2027-04-05T09:00:00+08:00');
      const unit = `/v1/agencies/${agencyId}/cycles/2027/units/bkpsdm`;
      const dist = ok(await send('GET', `${unit}/distribution?period=Q1`, await as('sekda')), 200);
      ok(
        await send(
          'PUT',
          `${unit}/organization-rating`,
          await as('sekda'),
          { period: 'Q1', rating: 'BAIK' },
          dist.etag,
        ),
        200,
      );
      for (const w of staff) {
        const appraiser = w === 'fadli' ? 'chiefR' : 'chiefS';
        const e = ok(await send('GET', `${period(w)}/evaluation`, await as(appraiser)), 200);
        const rated = ok(
          await send('PUT', `${period(w)}/evaluation`, await as(appraiser), q1[w].body, e.etag),
          200,
        );
        expect(rated.predikat).toBe(q1[w].predikat);
        const done = ok(
          await send(
            'POST',
            `${period(w)}/evaluation/finalize`,
            await as(appraiser),
            { confirmBreach: true, reason: 'Unit kecil; predikat sesuai kinerja nyata.' },
            rated.etag,
          ),
          200,
        );
        expect(done).toMatchObject({ status: 'FINAL', predikat: q1[w].predikat });
        // The owner's window: 14 calendar days from this delivery, to the end of the local day.
        const mine = ok(await send('GET', `${period(w)}/evaluation`, await as(w)), 200);
        expect(mine).toMatchObject({
          status: 'FINAL',
          predikat: q1[w].predikat,
          deliveredAt: expect.stringMatching(/^2027-04-05T01:0/),
          appealUntil: '2027-04-19T23:59:59+08:00',
          // Tindak lanjut: a low predikat opens the appraiser's development plan.
          followUp: { track: 'DEVELOPMENT', status: 'PLAN_DUE' },
        });
      }
      // The follow-up items the appraisers now owe: one development plan per low rating.
      const plans = async (w: Who) =>
        (await itemsOf(w))
          .filter((i) => i.kind === 'PLAN_DEVELOPMENT')
          .map((i) => i.subject.ownerNip)
          .sort();
      expect(await plans('chiefR')).toEqual([nip('fadli')]);
      expect(await plans('chiefS')).toEqual([nip('aisyah'), nip('rizal')].sort());

      // Inside the window: Fadli appeals (the next day), once.
      await clockTo('2027-04-06T10:00:00+08:00');
      const reason = {
        reason: 'Dokumen yang saya selesaikan pada triwulan I belum dihitung; mohon ditinjau.',
      };
      const filed = ok(await send('POST', `${period('fadli')}/appeal`, await as('fadli'), reason), 201);
      expect(filed).toMatchObject({
        status: 'FILED',
        deciderNip: nip('head'),
        // The appraiser's side within 5 working days, the decision within 14 calendar days.
        respondBy: '2027-04-13T23:59:59+08:00',
        decideBy: '2027-04-20T23:59:59+08:00',
      });
      const twice = ok(await send('POST', `${period('fadli')}/appeal`, await as('fadli'), reason), 409);
      expect(twice.code).toBe('APPEAL_EXISTS');
      expect((await itemsOf('chiefR')).map((i) => i.kind)).toContain('RESPOND_APPEAL');
      expect((await itemsOf('head')).filter((i) => i.kind === 'DECIDE_APPEAL')).toEqual([
        expect.objectContaining({ dueAt: '2027-04-20T23:59:59+08:00', escalationLevel: 0 }),
      ]);
      // Both sides are heard: the decider waits for the appraiser's response (or its deadline).
      const change = {
        outcome: 'CHANGED',
        hasilKerja: 'SESUAI',
        reason: 'Bukti menunjukkan dokumen selesai pada triwulan I; hasil kerja sesuai ekspektasi.',
      };
      const early = ok(
        await send('POST', `${period('fadli')}/appeal/decision`, await as('head'), change, filed.etag),
        409,
      );
      expect(early.code).toBe('APPEAL_AWAITING_RESPONSE');
      const responded = ok(
        await send(
          'POST',
          `${period('fadli')}/appeal/response`,
          await as('chiefR'),
          { text: 'Dua dokumen diserahkan setelah batas triwulan; sisanya sudah dihitung.' },
          filed.etag,
        ),
        200,
      );
      expect(responded.status).toBe('RESPONDED');
      // The appraiser never decides.
      const own = ok(
        await send('POST', `${period('fadli')}/appeal/decision`, await as('chiefR'), change, responded.etag),
        403,
      );
      expect(own.code).toBe('APPEAL_DECIDER_ONLY');
      const decided = ok(
        await send('POST', `${period('fadli')}/appeal/decision`, await as('head'), change, responded.etag),
        200,
      );
      expect(decided.decision).toMatchObject({
        outcome: 'CHANGED',
        previous: { predikat: 'BUTUH_PERBAIKAN' },
        predikat: 'BAIK',
        decidedBy: nip('head'),
      });
      const changed = ok(await send('GET', `${period('fadli')}/evaluation`, await as('fadli')), 200);
      expect(changed).toMatchObject({
        status: 'FINAL',
        predikat: 'BAIK',
        appeal: { status: 'DECIDED', outcome: 'CHANGED', previousPredikat: 'BUTUH_PERBAIKAN' },
        // Baik needs no development plan: the one owed is cancelled.
        followUp: { track: 'DEVELOPMENT', status: 'CANCELLED' },
      });
      expect(await plans('chiefR')).toEqual([]);
      expect((await inboxOf(await as('fadli'))).map((n) => n.event)).toContain('APPEAL_DECIDED');
      // The updated document: the appeal, both sides and the outcome.
      const doc = await fetch(`${u}${period('fadli')}/evaluation/document`, {
        headers: { authorization: `Bearer ${await as('fadli')}` },
      });
      expect(doc.status).toBe(200);
      expect(doc.headers.get('content-type')).toBe('application/pdf');
      writeFileSync(join(dir, 'keberatan.pdf'), Buffer.from(await doc.arrayBuffer()));
      const text = execFileSync('pdftotext', [join(dir, 'keberatan.pdf'), '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      for (const expected of [
        'diubah atas keberatan 6 April 2027',
        'Diajukan 6 April 2027 atas predikat Butuh Perbaikan (hasil diterima 5 April 2027)',
        'Tanggapan pejabat penilai (6 April 2027): Dua dokumen diserahkan',
        'Keberatan DIKABULKAN',
        'predikat diubah dari Butuh Perbaikan menjadi Baik',
        'Keputusan ini final.',
        'Atasan pejabat penilai kinerja',
      ])
        expect(text).toContain(expected);

      // Aisyah appeals too; nobody answers or decides.
      const silent = ok(
        await send('POST', `${period('aisyah')}/appeal`, await as('aisyah'), {
          reason: 'Perilaku kerja saya tidak pernah dibahas dalam dialog kinerja triwulan ini.',
        }),
        201,
      );
      expect(silent.decideBy).toBe('2027-04-20T23:59:59+08:00');

      // Past the windows and the decision's deadline (21 April, 09:00 WITA).
      await clockTo('2027-04-21T09:00:00+08:00');
      const late = ok(
        await send('POST', `${period('rizal')}/appeal`, await as('rizal'), {
          reason: 'Saya tidak setuju dengan predikat Sangat Kurang yang diberikan.',
        }),
        409,
      );
      expect(late.code).toBe('APPEAL_WINDOW_CLOSED');
      expect(late.detail).toContain('keberatan paling lambat 19 April 2027 pukul 23.59 WITA');
      // The undecided appeal escalated at its deadline: the decider's supervisor is told.
      expect((await itemsOf('head')).filter((i) => i.kind === 'DECIDE_APPEAL')).toEqual([
        expect.objectContaining({
          escalationLevel: 1,
          subject: expect.objectContaining({ ownerNip: nip('aisyah') }),
        }),
      ]);
      const toSekda = (await inboxOf(await as('sekda'))).filter(
        (n) => n.kind === 'ESCALATION' && n.pendingKind === 'DECIDE_APPEAL',
      );
      expect(toSekda).toEqual([expect.objectContaining({ level: 1 })]);
      // Three days on, HR.
      await clockTo('2027-04-24T09:00:00+08:00');
      const toHr = (await inboxOf(await hr())).filter(
        (n) => n.kind === 'ESCALATION' && n.pendingKind === 'DECIDE_APPEAL',
      );
      expect(toHr).toEqual([expect.objectContaining({ level: 2, recipient: `HR#${agencyId}` })]);
      // The head decides, late: the appraiser's time to respond is over, so it may.
      const appeal = ok(await send('GET', `${period('aisyah')}/appeal`, await as('head')), 200);
      expect(appeal).toMatchObject({ status: 'FILED', escalationLevel: 2 });
      ok(
        await send(
          'POST',
          `${period('aisyah')}/appeal/decision`,
          await as('head'),
          { outcome: 'UPHELD', reason: 'Catatan dialog kinerja ada; penilaian dikuatkan.' },
          appeal.etag,
        ),
        200,
      );
      expect(ok(await send('GET', `${period('aisyah')}/evaluation`, await hr()), 200)).toMatchObject({
        predikat: 'KURANG',
        missed: 'RESPOND_APPEAL',
        appeal: { status: 'DECIDED', outcome: 'UPHELD' },
      });
    } finally {
      expect(await ctrlC(server)).toBe(0);
    }
  });
});
