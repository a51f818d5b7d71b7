/**
 * A newcomer's first hour: the README's walkthrough block, run as written (bash, curl, jq)
 * against `npm start` started the way the README says, on the date it names.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ctrlC, npmStart, root } from '../support/npm-start.ts';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'siklus-e2e-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README walkthrough', () => {
  // Generous: months of schedules run on the way, and CI machines are shared.
  it('works to the end, as written', { timeout: 600_000 }, async () => {
    const block = /<!-- walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBeDefined();
    const at = /rm -rf \.siklus && npm start -- --at (\S+?)`/.exec(readme)?.[1];
    expect(at).toMatch(/^2027-01-04T09:00:00\+08:00$/);
    const server = await npmStart(dir, ['--at', at!]);
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block!], {
        cwd: root,
        env: { ...process.env, U: server.url },
        timeout: 540_000,
      });
      const lines = stdout.trim().split('\n');
      expect(stderr).toBe('');
      expect(lines[0]).toBe('{"agencyId":"kota-makassar","timeZone":"Asia/Makassar"}');
      expect(lines[1]).toBe('{"created":7,"updated":0,"unchanged":0,"rows":7}');
      expect(lines.filter((l) => l.includes('"status":"APPROVED"'))).toHaveLength(3);
      expect(lines).toContain('upload 200');
      const reviewed = lines.find((l) => l.includes('"status":"REVIEWED"'));
      expect(JSON.parse(reviewed!)).toMatchObject({
        status: 'REVIEWED',
        capaian: [{ capaian: 100 }],
        cumulative: [{ capaian: 25 }],
        feedback: 'Sesuai rencana; lanjutkan modul penilaian.',
      });
      // Step 4: the organisation result, the rating, the breach refused then confirmed, the PDF.
      const after = lines.slice(lines.indexOf(reviewed!) + 1);
      expect(after.slice(1, 5)).toEqual([
        '{"status":"SET","result":"BAIK"}',
        '{"status":"PENDING","suggestedHasilKerja":"SESUAI"}',
        '{"status":"RATED","predikat":"BAIK"}',
        '{"status":422,"code":"CURVE_BREACH_UNCONFIRMED","errors":["confirmBreach","reason"]}',
      ]);
      expect(after[5]).toBe('{"status":"FINAL","predikat":"BAIK"}');
      expect(after[6]).toBe('pdf 200 application/pdf');
      expect(readFileSync('/tmp/evaluasi-q1.pdf').subarray(0, 5).toString()).toBe('%PDF-');
      expect(JSON.parse(lines.at(-1)!)).toEqual(['Hasil evaluasi kinerja periode Q1 2027']);
    } finally {
      expect(await ctrlC(server)).toBe(0);
    }
  });
});
