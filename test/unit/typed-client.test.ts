/**
 * A portal's typed client, built from the committed contract with third-party tools: the types
 * by openapi-typescript, the client by openapi-fetch, compiled by TypeScript. The test writes one
 * call of every operation (path, method, required parameters and a body built from the schema),
 * a few reads of typed responses, and calls that must not compile (a path, an enum value and a
 * field the API does not know), then type-checks them all. It also asks Redocly (recommended
 * rules) and Spectral (oas rules) about the document: no problem at all from either.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const doc = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8'));
// Inside node_modules so that the generated file resolves `openapi-fetch` as a portal would.
const dir = join(root, 'node_modules/.cache/siklus-typed-client');

/**
 * openapi-typescript's options for a portal: `defaultNonNullable: false`, so that a request field
 * with a default (`approach`, `agreedActions`) may be left out, as the server allows (the CLI:
 * `--default-non-nullable false`).
 */
const generation = { defaultNonNullable: false };

type Schema = Record<string, unknown>;
const resolve = (s: Schema): Schema => {
  const ref = s.$ref as string | undefined;
  return ref ? resolve(doc.components.schemas[ref.replace('#/components/schemas/', '')]) : s;
};

/** A value of the schema: its example or first enum value, required properties only. */
function sample(input: Schema, depth = 0): unknown {
  const s = resolve(input);
  if (depth > 12) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.example !== undefined) return s.example;
  const options = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (options) return sample(options.find((o) => resolve(o).type !== 'null') ?? options[0]!, depth + 1);
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...(s.allOf as Schema[]).map((p) => sample(p, depth + 1)));
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(props[k]!, depth + 1)]));
    }
    case 'array':
      return [sample(s.items as Schema, depth + 1)];
    case 'string':
      return s.format === 'date-time' ? '2027-01-15T09:00:00+08:00' : 'x';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

/** One call of an operation, as a portal developer would write it. */
function callOf(path: string, method: string, op: Record<string, unknown>): string {
  const params = (op.parameters ?? []) as Param[];
  const group = (where: Param['in']) => {
    const list = params.filter((p) => p.in === where && (where === 'path' || p.required));
    return list.length
      ? `${where}: ${JSON.stringify(Object.fromEntries(list.map((p) => [p.name, sample(p.schema) ?? 'x'])))}`
      : '';
  };
  const parts = [group('path'), group('query'), group('header')].filter(Boolean);
  const options: string[] = [];
  if (parts.length) options.push(`params: { ${parts.join(', ')} }`);
  const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
  if (content) {
    const [type, media] = Object.entries(content)[0]!;
    options.push(
      type === 'application/json'
        ? `body: ${JSON.stringify(sample(media.schema))}`
        : type === 'application/x-www-form-urlencoded'
          ? `body: ${JSON.stringify(sample(media.schema))}, bodySerializer: (b) => new URLSearchParams(b).toString(), headers: { 'content-type': ${JSON.stringify(type)} }`
          : `body: ${JSON.stringify('nip;name;email;position;unitId;unitName;supervisorNip\n')}, bodySerializer: (b) => b`,
    );
  }
  return `  await client.${method.toUpperCase()}(${JSON.stringify(path)}${options.length ? `, { ${options.join(', ')} }` : ''});`;
}

const operations = Object.entries(
  doc.paths as Record<string, Record<string, Record<string, unknown>>>,
).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([m]) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
    .map(([method, op]) => ({ path, method, op })),
);

describe('a typed client generated from openapi.json', () => {
  it('has a type for every response body (no open object but the audit entry data and the document itself)', async () => {
    const types = astToString(await openapiTS(doc, generation));
    const open = types
      .split('\n')
      .filter((l) => /:\s*unknown;|\[key: string\]: unknown/.test(l) && !l.includes('[name: string]'));
    // `data` of an audit entry is what that action recorded (its shape depends on the action);
    // GET /openapi.json answers this very document.
    expect(open.map((l) => l.trim())).toEqual(['data: unknown;', '[key: string]: unknown;']);
  });

  it('compiles a call of every operation, typed reads, and refuses what the API does not know', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(doc, generation)));
    const calls = operations.map(({ path, method, op }) => callOf(path, method, op));
    writeFileSync(
      join(dir, 'calls.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });

export async function everyOperation() {
${calls.join('\n')}
}

export async function typedReads() {
  const skp = await client.GET('/v1/skp/{skpId}', { params: { path: { skpId: '2027.bkpsdm.198609262015051001.1' } } });
  if (skp.data) {
    const aspect: 'KUANTITAS' | 'KUALITAS' | 'WAKTU' | 'BIAYA' = skp.data.content.rhk[0]!.indicators[0]!.aspect;
    const status: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'ENDED' = skp.data.status;
    const months: number = skp.data.endMonth - skp.data.startMonth;
    void [aspect, status, months];
  }
  // Problem details, or (401 in AWS) the JWT authorizer's own {"message":"Unauthorized"}.
  if (skp.error && 'code' in skp.error) {
    const code: string = skp.error.code;
    void code;
  }
  const team = await client.GET('/v1/me/team', { params: { query: { year: 2027 } } });
  for (const member of team.data?.items ?? []) {
    const name: string = member.name;
    void name;
  }
  const sources = await client.GET('/v1/skp/{skpId}/cascade-sources', { params: { path: { skpId: 'x' } } });
  const rhkIds: string[] = (sources.data?.sources ?? []).flatMap((s) => s.rhk.map((r) => r.rhkId));
  void rhkIds;
}

export async function refused() {
  // @ts-expect-error a path the API does not have
  await client.GET('/v1/skps/{skpId}', { params: { path: { skpId: 'x' } } });
  await client.POST('/v1/skp', {
    body: {
      year: 2027,
      // @ts-expect-error an enum value the API does not know
      rhk: [{ kind: 'MAIN', text: 'x', indicators: [{ text: 'x', aspect: 'KUANTITAS', target: { description: 'x' } }] }],
    },
  });
  // @ts-expect-error year is a number, not a string
  await client.GET('/v1/me/team', { params: { query: { year: '2027' } } });
  await client.POST('/v1/skp/{skpId}/approve', {
    params: { path: { skpId: 'x' }, header: { 'if-match': '"x"' } },
    // @ts-expect-error approve takes no note
    body: { note: 'x' },
  });
}
`,
    );
    const program = ts.createProgram([join(dir, 'calls.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${where ? `calls.ts:${where.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 400)}`;
    });
    expect(problems).toEqual([]);
    expect(calls.length).toBe(operations.length);
  }, 120_000);

  it('is clean for Redocly (recommended) and Spectral (oas)', () => {
    const bin = (name: string) => join(root, 'node_modules/.bin', name);
    const redocly = execFileSync(
      bin('redocly'),
      ['lint', '--extends=recommended', '--format=json', 'openapi.json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    expect(JSON.parse(redocly).totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    writeFileSync(join(dir, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');
    const spectral = execFileSync(
      bin('spectral'),
      ['lint', '-r', join(dir, '.spectral.yaml'), '-f', 'json', '--quiet', 'openapi.json'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(spectral || '[]')).toEqual([]);
  }, 120_000);
});
