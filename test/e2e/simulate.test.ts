/** `npm run simulate`: a whole cycle year on the local stack; nobody skipped, nothing overdue left unescalated. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

describe('npm run simulate', () => {
  it('runs a year for one agency and reports the figures as the last JSON line', {
    timeout: 900_000,
  }, async () => {
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules/.bin/tsx'),
      ['local/simulate.ts', '--agencies', '1', '--employees', '40', '--year', '2027', '--json'],
      {
        cwd: root,
        timeout: 880_000,
        maxBuffer: 10 * 1024 * 1024,
      },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      employees: 40,
      agencies: 1,
      executions: 8,
      skipped: 0,
      unescalatedOverdue: 0,
      wrongPredikat: 0,
    });
    expect(summary.stateTransitions).toBeGreaterThan(100);
    expect(summary.remindersSent).toBeGreaterThan(0);
    expect(summary.escalations).toBeGreaterThan(0);
    expect(summary.emailsSent).toBeGreaterThan(0);
    expect(summary.dynamodb.writeUnits).toBeGreaterThan(0);
    expect(summary.costUsdPer1000EmployeeYears).toBeGreaterThan(0);
    // The annual appraisal: unit results set, every rated evaluation finalized, a predikat each.
    const a = summary.actions;
    expect(a.unexpected).toBe(0);
    expect(a.unitResultsSet).toBeGreaterThan(0);
    expect(a.evaluationsFinalized).toBeGreaterThan(0);
    expect(a.evaluationsFinalized).toBe(a.evaluationsRated);
    expect(Object.values(a.predikat as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(
      a.evaluationsFinalized,
    );
  });
});
