/**
 * The synthesized templates pass cfn-lint (a third-party check of CloudFormation: resource
 * properties, types, references, best practice), when the machine has it (this project's machine
 * image carries it; `pip install cfn-lint` elsewhere). One warning is left aside on purpose:
 * W3005, "dependency already enforced by a GetAtt", which CDK itself writes for every function
 * (DependsOn its role and the role's default policy, whose GetAtt already orders the role).
 * And E2533, the runtime's deprecation measured against today's date (see below).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth-app.ts';

const found = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const available = found.status === 0;

describe.skipIf(!available)(
  `cfn-lint (${available ? found.stdout.trim() : 'not installed: skipped'})`,
  () => {
    it('finds nothing in either stack', () => {
      const { statefulTemplate, statelessTemplate } = synthApp();
      const dir = mkdtempSync(join(tmpdir(), 'siklus-cfn-lint-'));
      try {
        const files = [
          ['SiklusStateful', statefulTemplate],
          ['SiklusStateless', statelessTemplate],
        ].map(([name, template]) => {
          const file = join(dir, `${name}.template.json`);
          writeFileSync(file, JSON.stringify((template as typeof statefulTemplate).toJSON(), null, 1));
          return file;
        });
        const run = spawnSync(
          'cfn-lint',
          // E2533 compares the runtime's deprecation dates with today: a lint that fails on a date
          // (nodejs22.x is deprecated on 2027-04-30) is kept out of a suite that must pass on any
          // day: the date is a deadline to act on, written in the README (Stack).
          [
            '--format',
            'json',
            '--regions',
            'ap-southeast-3',
            '--ignore-checks',
            'W3005',
            'E2533',
            '--',
            ...files,
          ],
          { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        );
        const findings = (JSON.parse(run.stdout || '[]') as { Rule: { Id: string }; Message: string }[]).map(
          (f) => `${f.Rule.Id} ${f.Message}`,
        );
        expect(findings).toEqual([]);
        expect(run.status, run.stderr).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  },
);
