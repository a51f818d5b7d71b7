/**
 * Property-based fuzzing (fast-check) of every operation of functions/api/routes.ts, as the
 * caller its policy allows (./policy.ts), starting from a request that would succeed: path
 * parameters, query, headers and body are replaced or mutated (extreme and unstorable numbers,
 * lone surrogates, huge strings, wrong types, unknown fields (a few, thousands, or one with a
 * 100,000-character name), malformed JSON, CSV and form posts). Whatever comes in, the answer is
 * never a 5xx, a refusal writes nothing (but the rate-limit counters that count it) and stays
 * small (finding 3: Lambda answers at most 6 MB), and every answer carries the security headers
 * (./checks.ts).
 *
 * Path parameters go to the handler as API Gateway hands them over (decoded), so no URL parser
 * between the fuzzer and the code normalises them away.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDeps } from '#functions/adapters/deps.ts';
import { localImportJobs } from '#functions/adapters/import-jobs.ts';
import { routeKeyOf, routes } from '#functions/api/routes.ts';
import { setClock } from '#functions/clock.ts';
import type { AnyRoute } from '#functions/http/route.ts';
import { getAgency, listAgencyEmployees } from '#functions/use-cases/org.ts';
import { apiGatewayEvent, groupHandlers, lambdaContext, matchRoute } from '#local/http-server.ts';
import { dynamoCalls, instrumentClients } from '#local/instrument.ts';
import { reportsSettled } from '#local/reports.ts';
import { buildWorld, type Caller, callers, type World } from '../../support/world.ts';
import { dataWrittenSince, expectSecurityHeaders } from './checks.ts';
import { policy, type Request } from './policy.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld(717);
}, 120_000);
afterAll(async () => {
  await localImportJobs.idle();
  await reportsSettled();
  setClock(undefined);
});

/** Runs per operation (the import routes parse files: fewer). */
const RUNS = Number(process.env.SIKLUS_FUZZ_RUNS ?? 25);

interface Attempt {
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Text, so a counterexample reads as the request it was (the bytes of a workbook aside). */
  body: string | Uint8Array;
  /** For a one-time subject (policy `renew`): fresh path parameters instead of the used ones. */
  fresh: boolean;
}

/** The largest refusal the fuzz accepts: a problem (or a page) naming at most 100 issues. */
const refusalMaxBytes = 64 * 1024;

async function invoke(route: AnyRoute, a: Attempt, sourceIp?: string) {
  const url = new URL('http://localhost/');
  url.pathname = route.path;
  for (const [k, v] of Object.entries(a.query)) url.searchParams.set(k, v);
  const event = apiGatewayEvent({
    route,
    pathParameters: a.pathParameters,
    url,
    headers: a.headers,
    body: Buffer.from(a.body),
    ...(sourceIp ? { sourceIp } : {}),
  });
  // Exactly what API Gateway passes: the query as given, not as a URL parser re-read it.
  event.queryStringParameters = Object.keys(a.query).length ? { ...a.query } : undefined;
  const handler = (await groupHandlers()).get(route.group)!;
  instrumentClients();
  const result = await handler(event, lambdaContext(route.group));
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: result.body ?? '',
  };
}

// ---- what goes in ------------------------------------------------------------------------------

const loneSurrogates = ['\ud800', '\udfff', 'a\ud800b', '\udfff\ud800'];
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    ...loneSurrogates,
    'x'.repeat(5000),
    '..',
    '../../etc/passwd',
    '%00',
    '%E0%A4%A',
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    '{"$ne":null}',
    'null',
    'undefined',
    '2027.bkpsdm.198609262015051001.1',
    '199001012015011001',
    'Q1',
    'M13',
  ),
);
const nastyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    -1,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER + 10,
    1e20,
    1e126,
    1e300,
    -1e300,
    1e-131,
    1e-300,
    5e-324,
    Number.MAX_VALUE,
  ),
);
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constantFrom(null, true, false, [], {}, [[[[[]]]]], { a: { b: { c: {} } } }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(nastyString, { maxLength: 3 }),
);

/** Every path into a JSON value (containers and leaves). */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v && typeof v === 'object')
    return [...here, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  return here;
}
function get(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((at, k) => (at as Record<string | number, unknown> | undefined)?.[k], v);
}
function setAt(v: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as unknown as Record<
    string | number,
    unknown
  >;
  if (remove && !rest.length) {
    if (Array.isArray(copy)) (copy as unknown as unknown[]).splice(Number(head), 1);
    else delete copy[head!];
    return copy;
  }
  copy[head!] = setAt(copy[head!], rest, value, remove);
  return copy;
}

/** Unknown fields in bulk: thousands, or one whose name is 100,000 characters that escape. */
const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
const longKey = `${'"<'.repeat(50_000)}`;

/** A form post (application/x-www-form-urlencoded): fields replaced, dropped, doubled, added. */
function formArb(text: string): fc.Arbitrary<string> {
  const fields = [...new URLSearchParams(text)];
  const encode = (entries: [string, string][]) => new URLSearchParams(entries).toString();
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(fields.length - 1), nastyString, fc.boolean())
        .map(([i, v, drop]) =>
          encode(drop ? fields.filter((_, j) => j !== i) : fields.map((f, j) => (j === i ? [f[0], v] : f))),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 12 }), nastyString)
        .map(([k, v]) => encode([...fields, [k, v]])),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        // The same field twice (the last one wins), a bad escape, a bare '&', nothing.
        `${text}&speed=9`,
        `${text}&comment=%E0%A4%A`,
        `speed=%ZZ&${text}`,
        '&&&=&',
        '',
        encode([...fields, ['comment', 'x'.repeat(5000)]]),
        encode([...fields, ...Object.keys(manyKeys(5000)).map((k) => [k, '1'] as [string, string])]),
        encode([...fields, [longKey, '1']]),
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Files as Excel makes them, from the baseline CSV (the import routes read CSV in any encoding and
 * separator, and XLSX): a workbook of the same rows, one whose header names a column twice in
 * another spelling, one cut short, one of no sheet; the CSV with `;`, in Windows-1252, in UTF-16.
 */
async function excelFiles(csv: string): Promise<{ type: string; text: string | Uint8Array }[]> {
  const { default: ExcelJS } = await import('exceljs');
  const cells = parse(csv) as string[][];
  const book = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pegawai');
    for (const r of rows) ws.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };
  const valid = await book(cells);
  const header = cells[0]!;
  const twice = await book([
    [...header, header[0]!.toUpperCase()],
    ...cells.slice(1).map((r) => [...r, r[0]!]),
  ]);
  const semicolon = stringify(cells, { delimiter: ';', record_delimiter: '\r\n' });
  return [
    { type: xlsxType, text: valid },
    { type: 'application/octet-stream', text: valid },
    { type: xlsxType, text: twice },
    { type: xlsxType, text: valid.subarray(0, Math.floor(valid.length / 2)) },
    { type: xlsxType, text: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
    { type: xlsxType, text: await book([]) },
    { type: 'text/csv', text: semicolon },
    { type: 'text/csv; charset=windows-1252', text: Uint8Array.from(Buffer.from(semicolon, 'latin1')) },
    { type: 'text/csv', text: Uint8Array.from([0xff, 0xfe, ...Buffer.from(csv, 'utf16le')]) },
    { type: 'text/csv', text: Uint8Array.from([0xfe, 0xff, 0xd8]) },
  ];
}

/** Bodies: the baseline with one part replaced, removed or joined by an unknown field; or anything. */
function bodyArb(
  base: Request,
  files: readonly { type: string; text: string | Uint8Array }[] = [],
): fc.Arbitrary<{ type?: string; text: string | Uint8Array }> {
  if (base.raw && 'text' in base.raw && base.raw.contentType === 'application/x-www-form-urlencoded') {
    const { contentType, text } = base.raw;
    return fc.oneof(
      { weight: 9, arbitrary: formArb(text).map((t) => ({ type: contentType, text: t })) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('application/json', 'text/plain', '').map((type) => ({ type, text })),
      },
    );
  }
  if (base.raw && 'text' in base.raw) {
    const { text, contentType } = base.raw;
    const lines = text.split('\n');
    const csv = fc
      .oneof(
        fc.record({ text: fc.string({ maxLength: 400 }) }),
        fc
          .tuple(fc.nat(lines.length - 1), fc.array(nastyString, { minLength: 1, maxLength: 8 }))
          .map(([i, cells]) => ({
            text: [...lines.slice(0, i), cells.join(','), ...lines.slice(i + 1)].join('\n'),
          })),
        fc.constantFrom(
          { text: `${lines[0]},${lines[0]!.split(',')[0]}\n${lines[1]},x\n` },
          { text: '"unterminated\n' },
          { text: lines[0]! },
          { text: `\ufeff${text}` },
        ),
        fc.record({
          type: fc.constantFrom('application/json', 'text/plain', '', xlsxType, 'application/octet-stream'),
          text: fc.constant(text),
        }),
      )
      .map((b) => ({ type: 'type' in b ? b.type : contentType, text: b.text }));
    return files.length
      ? fc.oneof({ weight: 3, arbitrary: csv }, { weight: 2, arbitrary: fc.constantFrom(...files) })
      : csv;
  }
  const json = base.body;
  const paths = pathsOf(json);
  const mutated = fc
    .tuple(fc.nat(paths.length - 1), nasty, fc.boolean())
    .map(([i, value, remove]) => JSON.stringify(setAt(json, paths[i]!, value, remove && i > 0)) ?? 'null');
  const isObject = json && typeof json === 'object' && !Array.isArray(json);
  const unknownField = fc
    .tuple(fc.string({ maxLength: 12 }), nasty)
    .map(([k, v]) => JSON.stringify(isObject ? { ...json, [k]: v } : v) ?? 'null');
  const unknownFields = fc
    .constantFrom(manyKeys(5000), { [longKey]: 1 })
    .map((extra) => JSON.stringify(isObject ? { ...json, ...extra } : extra));
  // Numbers are where storage limits bite (finding 7): one number, or all of them at once,
  // replaced by one DynamoDB or JavaScript cannot keep, while the rest of the request stays valid.
  const numberPaths = paths.filter((p) => typeof get(json, p) === 'number');
  const unstorable = fc.constantFrom(
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER + 10,
    1e20,
    1e126,
    1e300,
    -1e300,
    -1,
    1e-131,
    1e-300,
    5e-324,
    Number.MAX_VALUE,
  );
  const numbers = numberPaths.length
    ? [
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.nat(numberPaths.length - 1), fc.oneof(unstorable, nastyNumber))
            .map(([i, n]) => JSON.stringify(setAt(json, numberPaths[i]!, n, false)) ?? 'null'),
        },
        {
          weight: 1,
          arbitrary: unstorable.map(
            (n) => JSON.stringify(numberPaths.reduce((v, p) => setAt(v, p, n, false), json)) ?? 'null',
          ),
        },
      ]
    : [];
  const rawNumbers = fc
    .constantFrom('1e400', '-1e400', '90071992547409931', '1e-400', '-0', '0x10', 'NaN', '1_000')
    .map((n) => (JSON.stringify(json ?? {}) ?? '{}').replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/i, n));
  return fc
    .oneof(
      { weight: 5, arbitrary: mutated },
      ...numbers,
      { weight: 2, arbitrary: unknownField },
      { weight: 1, arbitrary: unknownFields },
      { weight: 1, arbitrary: rawNumbers },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    )
    .map((text) => ({ type: json === undefined ? 'application/json' : 'application/json', text }));
}

function attemptArb(
  route: AnyRoute,
  base: Request,
  baseParams: Record<string, string>,
  token?: string,
  files: readonly { type: string; text: string | Uint8Array }[] = [],
) {
  const baseUrl = new URL(base.path, 'http://localhost');
  const baseQuery = Object.fromEntries(baseUrl.searchParams);
  const params = fc.record(
    Object.fromEntries(
      Object.entries(baseParams).map(([k, v]) => [
        k,
        fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, nastyString),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const queryValue = fc.oneof(
    nastyString,
    fc.constantFrom('0', '-1', '101', '1e309', 'NaN', '2.5', '  3 ', 'HR', 'hr', '2027', '1899'),
    fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  );
  const query = fc
    .tuple(
      fc.dictionary(
        fc.constantFrom(
          'limit',
          'cursor',
          'year',
          'period',
          'inbox',
          'status',
          'lang',
          'q',
          'format',
          'unitId',
          'x',
        ),
        queryValue,
        { maxKeys: 3 },
      ),
      fc.boolean(),
    )
    .map(([extra, keep]) => ({ ...(keep ? baseQuery : {}), ...extra }));
  const headerValue = fc.oneof(
    nastyString,
    fc.constantFrom('"1.abc"', '"0."', 'W/"x"', '*', '"999999999999999999999.x"', '"-1.x"', '"1e3.x"'),
  );
  const headers = fc
    .record(
      {
        'if-match': fc.oneof({ weight: 3, arbitrary: fc.constant(base.headers?.['if-match']) }, headerValue),
        'idempotency-key': fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        'accept-language': fc.option(fc.constantFrom('en', 'id', 'en-US,en;q=0.9', '*', 'xx', ''), {
          nil: undefined,
        }),
      },
      { requiredKeys: [] },
    )
    .map((h) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k] = v;
      // Bulk idempotency reserves its key before the import runs (and frees it on refusal):
      // fuzzed elsewhere, not on the bulk route, where it is a write by design.
      if (routeKeyOf(route) === 'POST /v1/agencies/{agencyId}/employees/import')
        delete out['idempotency-key'];
      return out;
    });
  const withBody = route.body !== undefined;
  return fc
    .record({
      params,
      query,
      headers,
      body: withBody ? bodyArb(base, files) : fc.constant(undefined),
      fresh: fc.boolean(),
    })
    .map(({ params: p, query: q, headers: h, body, fresh }) => {
      const all: Record<string, string> = { ...h };
      if (token) all.authorization = `Bearer ${token}`;
      if (body?.type) all['content-type'] = body.type;
      return {
        pathParameters: p,
        query: q,
        headers: all,
        body: body?.text ?? '',
        fresh,
      } satisfies Attempt;
    });
}

/** Who the policy lets call the route (the fuzz goes as far into it as it can). */
function allowedCaller(key: string): Caller {
  const p = policy[key]!;
  return (
    callers.find((c) =>
      (Array.isArray(p.expect[c]) ? p.expect[c] : [p.expect[c]]).some((s) => (s as number) < 400),
    ) ?? 'hr'
  );
}

describe('fuzzing every operation: no 5xx, no write on refusal', () => {
  for (const route of routes) {
    const key = routeKeyOf(route);
    it(key, async () => {
      const p = policy[key];
      if (!p) throw new Error(`${key} has no policy in ./policy.ts`);
      const caller = allowedCaller(key);
      const base = await p.request(w, caller);
      const token = base.token ?? w.tokens[caller];
      const baseParams = matchRoute(
        route.method,
        new URL(base.path, 'http://localhost').pathname,
      )!.pathParameters;
      const isImport = key === 'POST /v1/agencies/{agencyId}/employees/import';
      const files = isImport && base.raw && 'text' in base.raw ? await excelFiles(base.raw.text) : [];
      await fc.assert(
        fc.asyncProperty(attemptArb(route, base, baseParams, token, files), async (attempt) => {
          await localImportJobs.idle();
          await reportsSettled();
          // A one-time subject (a survey link) is used up by the first success: half the attempts
          // that keep the original parameters get fresh ones, so the fuzz reaches past "used"; the
          // others meet it used (409, 410: refusals that count against the link's rate limit).
          if (p.renew && attempt.fresh) {
            const fresh = await p.renew(w);
            for (const [k, v] of Object.entries(fresh))
              if (attempt.pathParameters[k] === baseParams[k]) attempt.pathParameters[k] = v;
          }
          // The synchronous import takes and gives back its lease around a refusal: the agency
          // (and its employees) must be as they were. Every other refusal writes nothing at all.
          const agencyBefore = isImport ? JSON.stringify(await getAgency(liveDeps(), w.agencyId)) : '';
          const writesBefore = dynamoCalls.written.length;
          const res = await invoke(route, attempt, base.sourceIp);
          const shown =
            res.body.length > 2000 ? `${res.body.slice(0, 2000)}… (${res.body.length})` : res.body;
          expect(res.status, `${key}: ${shown}`).toBeLessThan(500);
          expectSecurityHeaders(route, res.status, res.headers, `${key} ${res.status}`);
          if (res.status >= 400) {
            expect(
              Buffer.byteLength(res.body),
              `${key}: a ${res.status} of ${res.body.length} chars`,
            ).toBeLessThan(refusalMaxBytes);
            if (isImport) {
              expect(JSON.stringify(await getAgency(liveDeps(), w.agencyId))).toBe(agencyBefore);
              expect((await listAgencyEmployees(liveDeps(), w.agencyId)).size).toBe(w.org.length);
            } else {
              expect(dataWrittenSince(writesBefore), `${key} wrote on a ${res.status}: ${shown}`).toEqual([]);
            }
          }
        }),
        { numRuns: key.includes('/employees/import') ? Math.ceil(RUNS / 3) : RUNS },
      );
    }, 180_000);
  }
});
