/**
 * The phase state machine as synthesized, run locally with the real task handlers against
 * DynamoDB Local, on a simulated clock: duties opened, reminders, escalations one level per
 * interval, exactly once, through injected throttling and task failures; the sweep; the digest.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseRuns } from '#core/phases.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { ddb } from '#functions/adapters/dynamo.ts';
import { publishedLocally } from '#functions/adapters/events.ts';
import { setClock } from '#functions/clock.ts';
import { cycleCalendar } from '#functions/use-cases/calendars.ts';
import { digest } from '#functions/use-cases/digest.ts';
import { sweep } from '#functions/use-cases/sweep.ts';
import { LocalClock } from '#local/clock.ts';
import { demoOrg, toCsv } from '#local/demo-data.ts';
import { type RunOptions, startPhaseExecution, workflowCounters } from '#local/workflows.ts';
import { call, tokenFor, uniqueAgencyId } from '../support/api.ts';

const org = demoOrg(31);
const year = 2031;
// The test's clock, as the local runtime's: it runs from 20 December 2030 and is moved forward.
const clock = new LocalClock({ startAt: Date.parse('2030-12-20T00:00:00Z') });
const DAY = 86_400_000;

/** Runs one execution to its end, moving the clock to each instant its Wait states wait for. */
async function runToEnd(
  run: Parameters<typeof startPhaseExecution>[0],
  options: Omit<RunOptions, 'clock' | 'onWait'> = {},
) {
  let waiting = 0;
  let finished = false;
  const execution = startPhaseExecution(run, { ...options, clock, onWait: (w) => (waiting += w ? 1 : -1) });
  const result = execution.result.finally(() => {
    finished = true;
  });
  result.catch(() => {});
  while (!finished) {
    await new Promise((r) => setTimeout(r, 2));
    if (waiting > 0) clock.set(clock.nextWait()!);
  }
  return result;
}

describe('phase workflows', () => {
  const agencyId = uniqueAgencyId('wf');
  // Minted on the clock each time: a token from before a move of weeks has expired, as it would.
  const as = (nip: string, roles: string[] = []) => tokenFor(nip, agencyId, roles);
  const mailDir = mkdtempSync(join(tmpdir(), 'siklus-mail-'));

  beforeAll(async () => {
    setClock(() => clock.now());
    process.env.SIKLUS_MAIL_DIR = mailDir;
    const admin = await tokenFor('197001011995031001', 'siklus', ['ADMIN']);
    await call('POST', '/v1/agencies', {
      token: admin,
      body: {
        agencyId,
        name: 'Kota Alur Kerja',
        timeZone: 'Asia/Jayapura',
        periodicity: 'QUARTERLY',
        hrEmail: 'bkpsdm@kota.go.id',
      },
    });
    await call('POST', `/v1/agencies/${agencyId}/employees/import`, {
      token: await as(org[3]!.nip, ['HR']),
      raw: { contentType: 'text/csv', text: toCsv(org) },
    });
    const opened = await call('POST', `/v1/agencies/${agencyId}/cycles`, {
      token: await as(org[3]!.nip, ['HR']),
      body: { year },
    });
    expect(opened.status).toBe(201);
  });
  afterAll(() => {
    setClock(undefined);
    delete process.env.SIKLUS_MAIL_DIR;
  });

  it('runs the planning phase: opens duties, reminds, escalates once per level, closes; throttling and failures change nothing', async () => {
    const calendar = (await cycleCalendar(liveDeps(), agencyId, year))!;
    const planning = phaseRuns(agencyId, year, calendar).find((r) => r.phase === 'PLANNING')!;

    // The head drafts before the phase starts; nobody else acts.
    clock.set(Date.parse('2030-12-28T02:00:00Z'));
    const drafted = await call('POST', '/v1/skp', {
      token: await as(org[0]!.nip),
      body: {
        year,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Kinerja kota',
            indicators: [{ text: 'Indeks', aspect: 'KUALITAS', target: { description: 'Baik' } }],
          },
        ],
      },
    });
    expect(drafted.status).toBe(201);

    // Chaos: every 4th task call throws a throttling error, every 7th a plain failure; the
    // DynamoDB client throttles 5% of requests (the SDK retries those itself).
    let calls = 0;
    const flaky = ddb().middlewareStack;
    const throttled = { count: 0 };
    flaky.add(
      (next) => async (args) => {
        if (Math.random() < 0.05) {
          throttled.count++;
          const err = Object.assign(new Error('Rate exceeded'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
          throw err;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'chaos', priority: 'low' },
    );
    const before = { ...workflowCounters };
    clock.set(Date.parse(planning.startAt));
    try {
      await runToEnd(planning, {
        retryMs: 1,
        wrap: (h) => async (e) => {
          calls++;
          if (calls % 4 === 0) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
          if (calls % 7 === 0) throw new Error('transient');
          return h(e);
        },
      });
    } finally {
      flaky.remove('chaos');
    }

    expect(workflowCounters.executions - before.executions).toBe(1);
    expect(workflowCounters.failedExecutions).toBe(before.failedExecutions);
    expect(workflowCounters.retries - before.retries).toBeGreaterThan(0);
    expect(throttled.count).toBeGreaterThan(0);

    // Everyone else got a duty; the head's SKP carries its own step. Every item: 3 reminders, level 2.
    for (const person of org) {
      const items = await call('GET', '/v1/me/action-items', { token: await as(person.nip) });
      const mine = items.body.items.filter((i: { kind: string }) => i.kind === 'SUBMIT_SKP');
      expect(mine, person.nip).toHaveLength(1);
      expect(mine[0].escalationLevel).toBe(2);
    }
    const staff = org[5]!;
    const inbox = await call('GET', '/v1/me/notifications?limit=100', { token: await as(staff.nip) });
    const kinds = inbox.body.items
      .map((n: { kind: string; level?: number }) => `${n.kind}${n.level ?? ''}`)
      .sort();
    expect(kinds).toEqual(['ESCALATION1', 'ESCALATION2', 'REMINDER', 'REMINDER', 'REMINDER']);
    const reminder = inbox.body.items.find((n: { kind: string }) => n.kind === 'REMINDER');
    expect(reminder.body).toContain('31 Januari 2031 pukul 23.59 WIT');
    // Level 1 reached the supervisor, level 2 the HR inbox.
    const supervisorInbox = await call('GET', '/v1/me/notifications?limit=100', {
      token: await as(staff.supervisorNip),
    });
    expect(
      supervisorInbox.body.items.some(
        (n: { level?: number; body: string }) => n.level === 1 && n.body.includes(staff.name),
      ),
    ).toBe(true);
    const hrInbox = await call('GET', '/v1/me/notifications?limit=100', {
      token: await as(org[3]!.nip, ['HR']),
    });
    expect(
      hrInbox.body.items.filter(
        (n: { recipient: string; level?: number }) => n.recipient === `HR#${agencyId}` && n.level === 2,
      ).length,
    ).toBe(org.length);

    expect(publishedLocally).toContainEqual(expect.objectContaining({ agencyId, year, phase: 'PLANNING' }));

    // A second run of the same phase (a retried execution) sends nothing again.
    const countBefore = inbox.body.items.length;
    await runToEnd(planning);
    const again = await call('GET', '/v1/me/notifications?limit=100', { token: await as(staff.nip) });
    expect(again.body.items.length).toBe(countBefore);
  });

  it('the sweep escalates item-level deadlines (an approval nobody gives), reading only due buckets', async () => {
    clock.set(Date.parse('2031-02-10T01:00:00Z'));
    const head = org[1]!;
    const headSkp = await call('POST', '/v1/skp', {
      token: await as(head.nip),
      body: {
        year,
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Badan',
            indicators: [{ text: 'x', aspect: 'KUANTITAS', target: { value: 1, unit: 'dok' } }],
          },
        ],
      },
    });
    // The head's own SKP is linked to nothing: the agency head is org[0]; link to it.
    const top = await call('GET', `/v1/employees/${org[0]!.nip}/skp?year=${year}`, {
      token: await as(org[0]!.nip),
    });
    const headEdit = await call('PUT', `/v1/skp/${headSkp.body.skpId}`, {
      token: await as(head.nip),
      headers: { 'if-match': headSkp.body.etag },
      body: {
        rhk: [
          {
            kind: 'UTAMA',
            text: 'Badan',
            intervenesRhkId: top.body.content.rhk[0].rhkId,
            indicators: [{ text: 'x', aspect: 'KUANTITAS', target: { value: 1, unit: 'dok' } }],
          },
        ],
      },
    });
    const submitted = await call('POST', `/v1/skp/${headSkp.body.skpId}/submit`, {
      token: await as(head.nip),
      headers: { 'if-match': headEdit.body.etag },
    });
    expect(submitted.body.pendingKind).toBe('APPROVE_SKP');

    const reads: number[] = [];
    let escalated = 0;
    const end = clock.now() + 20 * DAY;
    for (let t = clock.now(); t <= end; t += 6 * 3_600_000) {
      clock.set(t);
      const s = await sweep(liveDeps(), new Date(clock.now()));
      reads.push(s.read);
      escalated += s.escalations;
    }
    expect(escalated).toBeGreaterThanOrEqual(2);
    const doc = await call('GET', `/v1/skp/${headSkp.body.skpId}`, { token: await as(head.nip) });
    expect(doc.body.escalationLevel).toBe(2);
    const topInbox = await call('GET', '/v1/me/notifications?limit=100', { token: await as(org[0]!.nip) });
    expect(
      topInbox.body.items.filter(
        (n: { pendingKind: string; kind: string }) =>
          n.pendingKind === 'APPROVE_SKP' && n.kind === 'REMINDER',
      ).length,
    ).toBeGreaterThanOrEqual(1);
    // Quiet sweeps read little: most read nothing at all.
    expect(reads.filter((r) => r === 0).length).toBeGreaterThan(reads.length / 2);
  });

  it('the daily digest sends one e-mail per person per day, once', async () => {
    clock.set(clock.now() + 2 * DAY);
    const first = await digest(liveDeps(), new Date(clock.now()));
    expect(first.emailsSent).toBeGreaterThan(0);
    const again = await digest(liveDeps(), new Date(clock.now()));
    expect(again.emailsSent).toBe(0);
    const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBe(first.emailsSent);
    const names = new Set(files.map((f) => f.replace(/^digest-\d{4}-\d{2}-\d{2}-/, '')));
    expect(names.size).toBeLessThanOrEqual(files.length);
    const sample = readFileSync(join(mailDir, files[0]!), 'utf8');
    expect(sample).toMatch(/^From: .*\r\nTo: .+@.+\r\nSubject: Siklus: \d+ pemberitahuan/);
    expect(sample).toContain('Yth. Bapak/Ibu');
  });

  it('a refused e-mail is recorded and does not hold up the rest of the day', async () => {
    const day = new Date(clock.now() + DAY).toISOString().slice(0, 10);
    const put = (recipient: string, i: number) =>
      ddb().send(
        new PutCommand({
          TableName: process.env.TABLE_NAME,
          Item: {
            pk: `INBOX#${recipient}`,
            sk: `${day}T01:00:0${i}Z#t${i}`,
            type: 'NOTIFICATION',
            recipient,
            agencyId,
            title: 'Uji',
            body: 'Uji',
            createdAt: `${day}T01:00:0${i}Z`,
            gsi1pk: `MAILQ#${day}`,
            gsi1sk: `${recipient}#${i}`,
          },
        }),
      );
    await put(org[6]!.nip, 1);
    await put(org[7]!.nip, 2);
    const blocked = join(mailDir, 'not-a-dir');
    writeFileSync(blocked, 'x');
    process.env.SIKLUS_MAIL_DIR = join(blocked, 'sub'); // mkdir fails: every send throws
    clock.set(Date.parse(`${day}T00:00:00Z`) + 2 * DAY);
    const run = await digest(liveDeps(), new Date(clock.now()));
    process.env.SIKLUS_MAIL_DIR = mailDir;
    expect(run.failed).toBe(2);
    const marker = await ddb().send(
      new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `DIGEST#${org[6]!.nip}`, sk: day } }),
    );
    expect(marker.Item?.failure).toBeTruthy();
    // The day is done; the next run moves on instead of failing on it again.
    expect((await digest(liveDeps(), new Date(clock.now()))).failed).toBe(0);
  });

  it('opening a cycle schedules one run per phase, skips phases already over, and repairs on a repeat', async () => {
    const schedules = async () =>
      (
        (
          await ddb().send(
            new QueryCommand({
              TableName: process.env.TABLE_NAME,
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': 'LOCALSCHEDULE' },
            }),
          )
        ).Items ?? []
      )
        .map((i) => i.run as { agencyId: string; year: number; phase: string })
        .filter((r) => r.agencyId === agencyId);
    expect(
      (await schedules())
        .filter((r) => r.year === year)
        .map((r) => r.phase)
        .sort(),
    ).toEqual([
      'ANNUAL_REVIEW',
      'APPEALS',
      'CLOSE',
      'PERIOD_REVIEW',
      'PERIOD_REVIEW',
      'PERIOD_REVIEW',
      'PERIOD_REVIEW',
      'PLANNING',
    ]);
    const hr = await as(org[3]!.nip, ['HR']);
    const past = await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year: 2024 } });
    expect(past.status).toBe(201);
    expect((await schedules()).filter((r) => r.year === 2024)).toHaveLength(0);
    const again = await call('POST', `/v1/agencies/${agencyId}/cycles`, { token: hr, body: { year } });
    expect(again.status).toBe(409);
    expect((await schedules()).filter((r) => r.year === year)).toHaveLength(8);
  });
});
