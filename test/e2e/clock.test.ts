/**
 * The local clock as a portal developer or HR trainer uses it: `npm start -- --at`, then
 * `POST /v1/dev/clock` to walk into a later phase. What falls due on the way happens at its own
 * instant, in order; tokens follow the clock; the clock survives a restart and never goes back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phaseSteps } from '#core/phases.ts';
import { demoAgency, demoOrg } from '#local/demo-data.ts';
import { ctrlC, eventually, javaFor, json, npmStart } from '../support/npm-start.ts';

const dir = mkdtempSync(join(tmpdir(), 'siklus-e2e-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local clock', () => {
  it('walks the planning phase: reminders and escalations at their own instants, in order', async () => {
    const server = await npmStart(dir, ['--at', '2027-01-20T09:00:00+07:00']);
    const u = server.url;
    try {
      const clock = await json(`${u}/v1/dev/clock`);
      expect(Date.parse(clock.body.now) - Date.parse('2027-01-20T02:00:00Z')).toBeLessThan(60_000);
      const back = await json(`${u}/v1/dev/clock`, {
        method: 'POST',
        body: JSON.stringify({ at: '2027-01-01T00:00:00+07:00' }),
        headers: { 'accept-language': 'en' },
      });
      expect(back).toMatchObject({
        status: 409,
        type: 'application/problem+json',
        body: { code: 'CLOCK_BACKWARDS' },
      });
      const vague = await json(`${u}/v1/dev/clock`, {
        method: 'POST',
        body: JSON.stringify({ at: '2027-02-10' }),
      });
      expect(vague.status).toBe(422);

      const rows = demoOrg();
      const staff = rows[4]!;
      const mint = async (nip: string) =>
        (
          await json(`${u}/v1/dev/token`, {
            method: 'POST',
            body: JSON.stringify({ nip, agencyId: demoAgency.agencyId, roles: [] }),
          })
        ).body.token as string;
      const early = await mint(staff.nip);
      // The planning phase started with the server (1 January is past): the staff member owes an SKP.
      const deadline = '2027-01-31T23:59:59+07:00';
      const owesSkp = async () => {
        const owed = await json(`${u}/v1/me/action-items`, { token: early });
        return (
          owed.body.items?.some(
            (x: { kind: string; dueAt: string }) => x.kind === 'SUBMIT_SKP' && x.dueAt === deadline,
          ) === true
        );
      };
      expect(await eventually(owesSkp, 20_000)).toBe(true);

      const moved = await json(`${u}/v1/dev/clock`, {
        method: 'POST',
        body: JSON.stringify({ at: '2027-02-10T09:00:00+07:00' }),
      });
      expect(moved.status).toBe(200);
      expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(Date.parse('2027-02-10T02:00:00Z'));

      // A token minted before the move has expired on the clock.
      expect((await json(`${u}/v1/me`, { token: early })).body.code).toBe('TOKEN_EXPIRED');
      const token = await mint(staff.nip);
      const inbox = await json(`${u}/v1/me/notifications?limit=100`, { token });
      const mine = inbox.body.items
        .filter((n: { pendingKind: string }) => n.pendingKind === 'SUBMIT_SKP')
        .sort((a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt));
      expect(mine.map((n: { kind: string; level?: number }) => `${n.kind}${n.level ?? ''}`)).toEqual([
        'REMINDER',
        'REMINDER',
        'REMINDER',
        'ESCALATION1',
        'ESCALATION2',
      ]);
      // Each at the instant the phase woke for it (D-7, D-3, D-1, the deadline, 3 days later).
      const steps = phaseSteps({ phase: 'PLANNING', deadline, endAt: deadline });
      mine.forEach((n: { createdAt: string }, i: number) => {
        const late = Date.parse(n.createdAt) - Date.parse(steps[i]!.at);
        expect(late, `${n.createdAt} vs ${steps[i]!.at}`).toBeGreaterThanOrEqual(0);
        expect(late, `${n.createdAt} vs ${steps[i]!.at}`).toBeLessThan(10_000);
      });
      // The supervisor heard of it at level 1; the phase closed after its last escalation round.
      const supervisor = await json(`${u}/v1/me/notifications?limit=100`, {
        token: await mint(staff.supervisorNip),
      });
      expect(
        supervisor.body.items.some(
          (n: { level?: number; body: string }) => n.level === 1 && n.body.includes(staff.name),
        ),
      ).toBe(true);
      const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).detail);
      const closed = events.find((e: { phase: string }) => e.phase === 'PLANNING');
      expect(Date.parse(closed.closedAt)).toBeGreaterThanOrEqual(Date.parse(steps.at(-1)!.at));
    } finally {
      expect(await ctrlC(server)).toBe(0);
    }

    // A restart resumes the clock where it was; starting it earlier is refused, clearly.
    const again = await npmStart(dir);
    const now = await json(`${again.url}/v1/dev/clock`);
    expect(Date.parse(now.body.now)).toBeGreaterThanOrEqual(Date.parse('2027-02-10T02:00:00Z'));
    expect(await ctrlC(again)).toBe(0);
    const refused = await npmStart(dir, ['--at', '2027-01-25T09:00:00+07:00']).catch(
      (err: Error & { code?: number }) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { code?: number }).code).toBe(1);
    expect((refused as Error).message).toContain('only moves forward');
    expect(javaFor(dir)).toBe('');
  });
});
