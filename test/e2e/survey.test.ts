/**
 * A service-satisfaction survey end to end, against `npm start` in a child process and a real
 * headless browser (Debian's chromium driven by playwright-core): staff issue a link over the
 * API, a phone-sized browser opens it, rates and comments, and sends; a second submission of the
 * same link (from another tab opened before) is refused; once five people have answered, the
 * employee's appraiser sees the aggregate in the check-in. A screenshot of the filled form is
 * left at /tmp/siklus-survey.png (and of the thanks page at /tmp/siklus-survey-thanks.png).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoAgency, demoOrg } from '#local/demo-data.ts';
import { ctrlC, json, npmStart } from '../support/npm-start.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'siklus-e2e-survey-'));
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

/** A fresh browser profile each time, on a small phone's screen. */
async function phone(javaScriptEnabled = true): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'siklus-chromium-'));
  profiles.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 360, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    javaScriptEnabled,
  });
  contexts.push(context);
  return context;
}

describe('a survey link in a real browser', () => {
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of [dataDir, ...profiles]) rmSync(d, { recursive: true, force: true });
  });

  // `npm start`, an SKP chain, two browsers and seven answers: about 2 minutes on a busy 2-core machine.
  it('is issued over the API, answered once on the page, refused the second time, and counted for the appraiser', {
    timeout: 300_000,
  }, async () => {
    const s = await npmStart(dataDir, ['--at', '2027-02-15T09:00:00+07:00']);
    const u = s.url;
    const a = demoAgency.agencyId;
    const org = demoOrg();
    // The top, the head of the office (the unit head), the division head (the appraiser), a staff member.
    const [top, head, kabid, staff] = [org[0]!, org[1]!, org[2]!, org[4]!];
    const mint = async (nip: string, roles: string[] = []) =>
      (await json(`${u}/v1/dev/token`, { method: 'POST', body: JSON.stringify({ nip, agencyId: a, roles }) }))
        .body.token as string;
    const [topT, headT, kabidT, staffT] = await Promise.all(
      [top, head, kabid, staff].map((p) => mint(p.nip)),
    );

    // The served employee's SKP, cascaded from the chain above and approved; the Q1 check-in opened.
    let link: string | undefined;
    let mine:
      | {
          skpId: string;
          etag: string;
          content: { rhk: { rhkId: string; indicators: { indicatorId: string }[] }[] };
        }
      | undefined;
    const hrT = await mint(org[3]!.nip, ['HR']);
    const chain = [topT, headT, kabidT, staffT];
    for (const [i, token] of chain.entries()) {
      const res = await json(`${u}/v1/skp`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          year: 2027,
          rhk: [
            {
              kind: 'UTAMA',
              text: 'Pelayanan kepegawaian tepat waktu',
              ...(link ? { intervenesRhkId: link } : {}),
              indicators: [
                { text: 'Layanan selesai', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
              ],
            },
          ],
        }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      link = res.body.content.rhk[0].rhkId;
      mine = res.body;
      // An SKP is approved only once the SKP it cascades from is: the chain, top down.
      if (i < chain.length - 1) {
        const submitted = await json(`${u}/v1/skp/${res.body.skpId}/submit`, {
          method: 'POST',
          token,
          headers: { 'if-match': res.body.etag },
        });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        const approved = await json(`${u}/v1/skp/${res.body.skpId}/approve`, {
          method: 'POST',
          token: i === 0 ? hrT : chain[i - 1]!,
          headers: { 'if-match': submitted.body.etag },
        });
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      }
    }
    const skpId = mine!.skpId;
    const sub = await json(`${u}/v1/skp/${skpId}/submit`, {
      method: 'POST',
      token: staffT,
      headers: { 'if-match': mine!.etag },
    });
    expect(
      (
        await json(`${u}/v1/skp/${skpId}/approve`, {
          method: 'POST',
          token: kabidT,
          headers: { 'if-match': sub.body.etag },
        })
      ).status,
    ).toBe(200);
    const opened = await json(`${u}/v1/skp/${skpId}/periods/Q1/realisasi`, {
      method: 'PUT',
      token: staffT,
      body: JSON.stringify({
        indicators: [{ indicatorId: mine!.content.rhk[0]!.indicators[0]!.indicatorId, value: 30 }],
      }),
    });
    expect(opened.status).toBe(201);

    // The staff member at the desk issues a link for the service they just gave.
    const issue = async () => {
      const res = await json(`${u}/v1/agencies/${a}/survey-links`, {
        method: 'POST',
        token: staffT,
        body: JSON.stringify({ unitId: staff.unitId, nip: staff.nip }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.url.startsWith(`${u}/v1/public/surveys/`)).toBe(true);
      return res.body as { url: string; qrPng: string; qrSvg: string };
    };
    const first = await issue();
    expect(first.qrPng.length).toBeGreaterThan(100);
    expect(first.qrSvg).toContain('<svg');

    // A phone opens it (and a second tab opens the same link before the first one sends).
    const browser = await phone();
    const tab = await browser.newPage();
    const refusedByCsp: string[] = [];
    const requests: string[] = [];
    tab.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refusedByCsp.push(m.text());
    });
    tab.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const response = await tab.goto(first.url);
    expect(response!.status()).toBe(200);
    const html = await response!.body();
    const weight = { bytes: html.length, gzip: gzipSync(html).length };
    console.log(
      `survey page weight: ${weight.bytes} bytes (${weight.gzip} gzipped), ${requests.length} request(s)`,
    );
    expect(weight.bytes).toBeLessThan(30 * 1024);
    expect(requests).toEqual([`GET ${new URL(first.url).pathname}`]);
    await expect(tab.title()).resolves.toBe('Survei kepuasan layanan');
    expect(await tab.textContent('h1')).toBe('Bagaimana layanan yang Anda terima?');
    expect(await tab.textContent('.who')).toContain(staff.name);

    const other = await browser.newPage();
    await other.goto(first.url);

    // Each rating is a radio button with a spoken name ("5 Sangat baik") in a titled group.
    await expect(tab.getByRole('radio', { name: '5 Sangat baik' }).count()).resolves.toBe(3);
    await expect(tab.getByRole('group', { name: /Kecepatan layanan/ }).count()).resolves.toBe(1);
    // Rates by tapping the labelled buttons, as a person does, and leaves a comment.
    await tab.locator('label[for="speed-5"]').tap();
    await tab.locator('label[for="clarity-4"]').tap();
    await tab.locator('label[for="friendliness-5"]').tap();
    await tab
      .getByLabel('Saran atau komentar (tidak wajib)')
      .fill('Petugas ramah dan <b>cepat</b>. Terima kasih!');
    expect(await tab.isChecked('#speed-5')).toBe(true);
    expect(await tab.isChecked('#clarity-4')).toBe(true);
    // The inline style is allowed by its hash: the chosen rating is filled in.
    type Window = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const background = await tab
      .locator('label[for="clarity-4"]')
      .evaluate((l) => (globalThis as unknown as Window).getComputedStyle(l).backgroundColor);
    expect(background).toBe('rgb(10, 88, 168)');
    await tab.screenshot({ path: '/tmp/siklus-survey.png', fullPage: true });

    await Promise.all([
      tab.waitForURL(/\?lang=id$/),
      tab.getByRole('button', { name: 'Kirim penilaian' }).tap(),
    ]);
    expect(await tab.textContent('h1')).toBe('Terima kasih!');
    expect(await tab.content()).not.toContain('<b>cepat</b>');
    await tab.screenshot({ path: '/tmp/siklus-survey-thanks.png' });
    expect(refusedByCsp).toEqual([]);

    // The second tab sends the same link: refused, with a page that says why.
    await other.locator('label[for="speed-1"]').tap();
    await other.locator('label[for="clarity-1"]').tap();
    await other.locator('label[for="friendliness-1"]').tap();
    const [again] = await Promise.all([
      other.waitForResponse((r) => r.request().method() === 'POST'),
      other.getByRole('button', { name: 'Kirim penilaian' }).tap(),
    ]);
    expect(again.status()).toBe(409);
    await other.waitForLoadState();
    expect(await other.textContent('h1')).toBe('Survei sudah diisi');
    // Opening it again: no form, the link is used.
    const reopened = await other.goto(first.url);
    expect(reopened!.status()).toBe(410);

    // The appraiser's view of the check-in: one answer is not shown (fewer than five).
    const checkin = () => json(`${u}/v1/skp/${skpId}/periods/Q1`, { token: kabidT });
    expect((await checkin()).body.serviceFeedback).toEqual({
      year: 2027,
      period: 'Q1',
      unitId: staff.unitId,
      nip: staff.nip,
      shown: false,
      minResponses: 5,
    });

    // A phone without JavaScript answers the next link with the plain form.
    const plain = await (await phone(false)).newPage();
    const second = await issue();
    await plain.goto(second.url);
    for (const id of ['speed-4', 'clarity-4', 'friendliness-3'])
      await plain.locator(`label[for="${id}"]`).tap();
    await Promise.all([
      plain.waitForURL(/\?lang=id$/),
      plain.getByRole('button', { name: 'Kirim penilaian' }).tap(),
    ]);
    expect(await plain.textContent('h1')).toBe('Terima kasih!');

    // Three more people answer (a plain form post, as any browser sends it).
    for (const [speed, clarity, friendliness] of [
      [5, 5, 5],
      [4, 3, 4],
      [3, 4, 5],
    ]) {
      const { url } = await issue();
      const res = await fetch(`${url}?lang=id`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          speed: String(speed),
          clarity: String(clarity),
          friendliness: String(friendliness),
          comment: '',
        }),
      });
      expect(res.status).toBe(201);
    }

    // Five answers: the appraiser sees the aggregate beside the peer input.
    const view = (await checkin()).body;
    expect(view.peerInput).toBeDefined();
    expect(view.serviceFeedback).toEqual({
      year: 2027,
      period: 'Q1',
      unitId: staff.unitId,
      nip: staff.nip,
      shown: true,
      minResponses: 5,
      responses: 5,
      mean: 4.2,
      questions: [
        { question: 'SPEED', mean: 4.2, distribution: [0, 0, 1, 2, 2] },
        { question: 'CLARITY', mean: 4, distribution: [0, 0, 1, 3, 1] },
        { question: 'FRIENDLINESS', mean: 4.4, distribution: [0, 0, 1, 1, 3] },
      ],
    });
    // And the unit head sees the unit, with the employee in it.
    const unit = await json(
      `${u}/v1/agencies/${a}/units/${staff.unitId}/service-feedback?year=2027&period=Q1`,
      { token: headT },
    );
    expect(unit.body.unit).toMatchObject({ responses: 5 });
    expect(unit.body.employees).toEqual([
      expect.objectContaining({ nip: staff.nip, shown: true, responses: 5 }),
    ]);

    expect(await ctrlC(s)).toBe(0);
  });
});
