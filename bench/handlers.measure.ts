/**
 * Per request, through the real handler stack against DynamoDB Local (run by bench/run.ts):
 *  - round trips: every route of functions/api/routes.ts called once as a caller its policy
 *    allows (test/integration/security/policy.ts builds the request), DynamoDB and S3 calls
 *    counted;
 *  - API overhead: for a mix of reads, the median time of the handler (API Gateway event in,
 *    response out: middy, auth, zod, authorization, the use case, the store) over the median time
 *    of the same DynamoDB requests (captured on the wire, replayed with a bare client).
 * Writes its figures to $BENCH_OUT as JSON.
 */
import { writeFileSync } from 'node:fs';
import * as ddbSdk from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ddb } from '#functions/adapters/dynamo.ts';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { s3 } from '#functions/adapters/s3.ts';
import { groups } from '#functions/api/groups.ts';
import { routeKeyOf, routes } from '#functions/api/routes.ts';
import { setClock } from '#functions/clock.ts';
import { apiGatewayEvent, groupHandlers, lambdaContext, matchRoute } from '#local/http-server.ts';
import { dynamoCalls, instrumentClients } from '#local/instrument.ts';
import { installLocalReports, reportsSettled, uninstallLocalReports } from '#local/reports.ts';
import { type Expected, policy } from '../test/integration/security/policy.ts';
import { call } from '../test/support/api.ts';
import { buildWorld, type Caller, callers, type World } from '../test/support/world.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld(2718);
}, 300_000);
afterAll(async () => {
  await localImportJobs.idle();
  setClock(undefined);
});

const out: Record<string, unknown> = {};
const allows = (e: Expected) => (Array.isArray(e) ? e : [e]).some((s) => s < 400);

/**
 * S3 requests actually sent: counted where a response comes back (local/instrument.ts counts at
 * the start of the stack, where a presigned URL, computed and never sent, passes too).
 */
const s3Sent: string[] = [];
function countS3Sent() {
  (s3().middlewareStack as unknown as { add(mw: unknown, o: unknown): void }).add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const result = await next(args);
      s3Sent.push(context.commandName ?? '?');
      return result;
    },
    { step: 'deserialize', name: 'benchS3Sent' },
  );
}

it('round trips of every route, as an allowed caller', async () => {
  countS3Sent();
  // A requested report is produced by its own workflow (its own function in AWS): not counted
  // against the request that asked for it, so the local one does not run here.
  await reportsSettled();
  uninstallLocalReports();
  const perRoute: { route: string; caller: Caller; status: number; dynamo: string[]; s3: string[] }[] = [];
  const deployed = new Set<string>(
    Object.values(groups)
      .filter((g) => !('localOnly' in g && g.localOnly))
      .map((g) => g.name),
  );
  for (const route of routes.filter((r) => deployed.has(r.group))) {
    const key = routeKeyOf(route);
    const p = policy[key]!;
    const caller = callers.find((c) => allows(p.expect[c]))!;
    const { path, token, ...options } = await p.request(w, caller);
    await localImportJobs.idle();
    const d = dynamoCalls.commands.length;
    const s = s3Sent.length;
    const res = await call(route.method, path, {
      ...options,
      ...((token ?? w.tokens[caller]) ? { token: token ?? w.tokens[caller] } : {}),
    });
    expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBeLessThan(400);
    perRoute.push({
      route: key,
      caller,
      status: res.status,
      dynamo: dynamoCalls.commands.slice(d),
      s3: s3Sent.slice(s),
    });
  }
  out.roundTrips = perRoute;
  installLocalReports();
});

/** The wire requests a handler call sends to DynamoDB (operation and JSON body). */
function captureWire(): { requests: { op: string; body: string }[]; stop(): void } {
  const requests: { op: string; body: string }[] = [];
  const stack = ddb().middlewareStack as unknown as {
    add(mw: unknown, o: unknown): void;
    remove(name: string): boolean;
  };
  const name = `benchWire${Math.random().toString(36).slice(2)}`;
  stack.add(
    (next: (a: unknown) => Promise<unknown>) =>
      async (args: { request: { headers: Record<string, string>; body: string | Uint8Array } }) => {
        const target = args.request.headers['x-amz-target'] ?? '';
        const { body } = args.request;
        requests.push({
          op: target.split('.').at(-1)!,
          body: typeof body === 'string' ? body : Buffer.from(body).toString('utf8'),
        });
        return next(args);
      },
    { step: 'build', name },
  );
  return { requests, stop: () => void stack.remove(name) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

it('API overhead: handler stack over the same DynamoDB requests made bare', async () => {
  const reads: { name: string; path: string; caller: Caller }[] = [
    { name: 'GET /v1/skp/{skpId}', path: `/v1/skp/${w.skp.owner.skpId}`, caller: 'self' },
    {
      name: 'GET /v1/skp/{skpId}/periods/{period}',
      path: `/v1/skp/${w.checkin.skpId}/periods/Q1`,
      caller: 'self',
    },
    { name: 'GET /v1/me', path: '/v1/me', caller: 'self' },
    {
      name: 'GET /v1/employees/{nip}/skp',
      path: `/v1/employees/${w.people.owner.nip}/skp?year=2027`,
      caller: 'supervisor',
    },
  ];
  const e = process.env;
  const bare = new ddbSdk.DynamoDBClient({
    region: e.AWS_REGION,
    endpoint: e.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: e.AWS_ACCESS_KEY_ID!, secretAccessKey: e.AWS_SECRET_ACCESS_KEY! },
  });
  const N = Number(process.env.BENCH_OVERHEAD_RUNS ?? 200);
  const results: Record<string, { handlerMs: number; bareMs: number; ratio: number; requests: string[] }> =
    {};
  const handlers = await groupHandlers();
  instrumentClients();
  for (const r of reads) {
    const url = new URL(r.path, 'http://localhost');
    const match = matchRoute('GET', url.pathname)!;
    const event = () =>
      apiGatewayEvent({
        route: match.route,
        pathParameters: match.pathParameters,
        url,
        headers: { authorization: `Bearer ${w.tokens[r.caller]}` },
        body: Buffer.alloc(0),
      });
    const handler = handlers.get(match.route.group)!;
    const ctx = lambdaContext(match.route.group);
    // The wire requests of one call, then a bare command for each.
    const wire = captureWire();
    const first = await handler(event(), ctx);
    wire.stop();
    expect(first.statusCode, String(first.body)).toBe(200);
    const commands = wire.requests.map((q) => {
      const Command = (ddbSdk as unknown as Record<string, new (i: unknown) => unknown>)[`${q.op}Command`]!;
      return () => bare.send(new Command(JSON.parse(q.body)) as never);
    });
    const handlerMs: number[] = [];
    const bareMs: number[] = [];
    // Interleaved, after a warm-up, so both see the same machine.
    for (let i = 0; i < N + 20; i++) {
      const ev = event();
      let t = performance.now();
      const res = await handler(ev, ctx);
      const h = performance.now() - t;
      t = performance.now();
      for (const c of commands) await c();
      const b = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`${r.name}: ${res.statusCode}`);
      if (i >= 20) {
        handlerMs.push(h);
        bareMs.push(b);
      }
    }
    const hm = median(handlerMs);
    const bm = median(bareMs);
    results[r.name] = {
      handlerMs: Number(hm.toFixed(2)),
      bareMs: Number(bm.toFixed(2)),
      ratio: Number((hm / bm).toFixed(2)),
      requests: wire.requests.map((q) => q.op),
    };
  }
  out.apiOverhead = { runs: N, requests: results };
  writeFileSync(process.env.BENCH_OUT ?? '/dev/stdout', JSON.stringify(out));
});
