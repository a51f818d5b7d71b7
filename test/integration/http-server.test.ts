/**
 * The local HTTP edge (local/http-server.ts) over real sockets: malformed requests never take the
 * server down, every error it answers itself is problem+json, a 413 leaves the keep-alive
 * connection usable, and the security headers (nosniff, no-store on personal data, CSP and frame
 * options on /docs, WWW-Authenticate on 401) are on the wire.
 */

import type { Server } from 'node:http';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpApi } from '#local/http-server.ts';
import { tokenFor } from '../support/api.ts';

let server: Server;
let port = 0;
let base = '';

beforeAll(async () => {
  const started = await startHttpApi({ port: 0, jwks: JSON.parse(process.env.AUTH_JWKS!) });
  server = started.server;
  base = started.url;
  port = Number(new URL(base).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes on a fresh connection and returns everything the server answered. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('end', () => resolve(out));
    socket.on('error', (err) => (out ? resolve(out) : reject(err)));
    socket.write(text);
    setTimeout(() => socket.end(), 500);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const headerOf = (response: string, name: string) =>
  new RegExp(`^${name}: (.*)$`, 'im').exec(response)?.[1]?.trim();

async function expectAlive() {
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
}

describe('local HTTP edge: robustness', () => {
  it('a malformed Host header gets a problem+json 400 and the server keeps serving', async () => {
    for (const host of ['[', 'exa mple', 'a:b:c', '%zz']) {
      const res = await raw(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(res), `${host}: ${res}`).toBe(400);
      expect(headerOf(res, 'content-type')).toBe('application/problem+json');
      expect(res).toContain('"code":"MALFORMED_HOST"');
    }
    await expectAlive();
  });

  it('a bad percent-escape in a path is a problem+json 400, not a 502', async () => {
    const res = await fetch(`${base}/v1/employees/%E0%A4%A`, {
      headers: { authorization: `Bearer ${await tokenFor('198609262015051001', 'kota-uji')}` },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400, code: 'MALFORMED_PATH' });
    const unknown = await fetch(`${base}/nope/%E0%A4%A`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    await expectAlive();
  });

  it('every error the local edge answers itself is problem+json, in the caller language', async () => {
    const notFound = await fetch(`${base}/nope`, { headers: { 'accept-language': 'en' } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toBe('application/problem+json');
    expect(await notFound.json()).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No such route.',
    });
    // A docs asset that is not there: 404, not a crash into 502.
    const asset = await fetch(`${base}/docs/assets/nothing-here.js`);
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).toBe('application/problem+json');
  });

  it('a body over 10 MB gets a problem+json 413 and the keep-alive connection stays usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: Buffer) =>
      new Promise<{ status: number; type: string; text: string; reused: boolean }>((resolve, reject) => {
        const req = httpRequest(
          `${base}${path}`,
          {
            agent,
            method: body ? 'POST' : 'GET',
            headers: body ? { 'content-type': 'text/csv', 'content-length': body.length } : {},
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                type: String(res.headers['content-type']),
                text,
                reused: req.reusedSocket,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await send('/health');
      expect(first.status).toBe(200);
      const big = await send('/v1/agencies/kota-uji/employees/import', Buffer.alloc(11 * 1024 * 1024, 0x41));
      expect(big.status).toBe(413);
      expect(big.type).toBe('application/problem+json');
      expect(JSON.parse(big.text)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(big.reused).toBe(true);
      const after = await send('/health');
      expect(after.status).toBe(200);
      // The same socket carried all three: the 413 did not drop the connection.
      expect(after.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});

describe('local HTTP edge: security headers', () => {
  it('X-Content-Type-Options: nosniff on answers, errors and the local edge own pages', async () => {
    for (const path of ['/health', '/openapi.json', '/docs', '/nope', '/v1/me']) {
      const res = await fetch(`${base}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('Cache-Control: no-store on personal data (JWT routes), success and error alike', async () => {
    const token = await tokenFor('198609262015051001', 'kota-uji', ['HR']);
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const missing = await fetch(`${base}/v1/employees/199001012020011001`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('401 says WWW-Authenticate: Bearer (and invalid_token when expired)', async () => {
    const none = await fetch(`${base}/v1/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const bad = await fetch(`${base}/v1/me`, { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('the public survey page (no login): its refusals are pages with the same headers as the page', async () => {
    const unsigned = `/v1/public/surveys/${'A'.repeat(43)}`;
    const answers = [
      await fetch(`${base}${unsigned}`),
      await fetch(`${base}${unsigned}?lang=en`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'speed=5&clarity=5&friendliness=5',
      }),
      await fetch(`${base}${unsigned}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 415]);
    for (const res of answers) {
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline/);
      expect(await res.text()).toMatch(/^<!doctype html>/);
    }
  });

  it('/docs has a Content-Security-Policy without inline script, and may not be framed', async () => {
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    const html = await docs.text();
    // No inline script: every <script> has a src on this origin.
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    for (const src of html.matchAll(/<script src="([^"]+)"/g)) {
      const asset = await fetch(`${base}${src[1]}`);
      expect(asset.status, src[1]).toBe(200);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
