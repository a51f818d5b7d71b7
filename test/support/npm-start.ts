/**
 * `npm start` as a user runs it, in a process group of its own so that a test can press Ctrl-C
 * (SIGINT to the whole group, as a terminal does). Every server started here is stopped after
 * the test file, whatever happened in it, so a failing test leaves no process behind.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const root = new URL('../..', import.meta.url).pathname;

export interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const started = new Set<ChildProcess>();
afterAll(() => {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
});

/** Spawns `npm start [-- args]`; resolves when it is ready, with the URL it serves. */
export async function npmStart(
  dataDir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: root,
    env: { ...process.env, PORT: '0', SIKLUS_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${out}`)), 90_000);
    child.stdout!.on('data', () => {
      if (out.includes('SIKLUS_READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited ${code}:\n${out}`), { code }));
    });
  });
  const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  return { child, url, output: () => out };
}

/** Ctrl-C: SIGINT to the process group. Resolves with the exit code. */
export async function ctrlC(s: Pick<Started, 'child'>): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  process.kill(-s.child.pid!, 'SIGINT');
  return exited;
}

/** The DynamoDB Local JVM of a data dir, if one runs ('' if none). */
export function javaFor(dataDir: string): string {
  try {
    // execFile, not a shell: a shell's own command line would match the pattern.
    return execFileSync('pgrep', ['-f', `dbPath ${join(dataDir, 'dynamodb')}`])
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/** JVMs started by the process `pid` (DynamoDB Local carries -Dsiklus.owner=<pid>). */
export function javaOwnedBy(pid: number): string {
  try {
    return execFileSync('pgrep', ['-f', `siklus.owner=${pid} `])
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/** Polls until `check` is true or `ms` pass. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

// biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
type Body = any;

export async function json(
  url: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; type: string | null; headers: Headers; body: Body }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const type = res.headers.get('content-type');
  return {
    status: res.status,
    type,
    headers: res.headers,
    body: type?.includes('json') ? await res.json() : await res.text(),
  };
}
