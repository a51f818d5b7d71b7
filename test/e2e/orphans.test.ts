/**
 * No process outlives the command that started it: DynamoDB Local (a JVM of ~210 MB) stops when
 * its parent fails, is interrupted, or is killed outright.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually, javaOwnedBy, root } from '../support/npm-start.ts';

const node = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });

describe('no orphans', () => {
  it('a simulation that fails stops its DynamoDB Local', async () => {
    // 2019 is before any cycle can be opened: the run fails after the backend is up.
    const child = node([
      'local/simulate.ts',
      '--agencies',
      '1',
      '--employees',
      '4',
      '--year',
      '2019',
      '--json',
    ]);
    let out = '';
    child.stderr.on('data', (d) => (out += String(d)));
    let sawJava = false;
    const code = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        sawJava ||= javaOwnedBy(child.pid!) !== '';
      }, 100);
      child.once('exit', (c) => {
        clearInterval(timer);
        resolve(c);
      });
    });
    expect(code, out).not.toBe(0);
    expect(sawJava).toBe(true);
    expect(await eventually(() => javaOwnedBy(child.pid!) === '', 5_000)).toBe(true);
  });

  it('a process killed outright (SIGKILL, no handler runs) still takes its JVM with it', async () => {
    const child = node([
      '--input-type=module',
      '-e',
      "const { startBackend } = await import('./local/runtime.ts'); await startBackend(); console.log('UP'); setInterval(() => {}, 1000);",
    ]);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('UP') && resolve());
      child.once('exit', (c) => reject(new Error(`exited ${c}`)));
    });
    expect(javaOwnedBy(child.pid!)).not.toBe('');
    child.kill('SIGKILL');
    expect(await eventually(() => javaOwnedBy(child.pid!) === '', 5_000)).toBe(true);
  });
});
