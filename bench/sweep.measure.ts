/**
 * The sweep's reads (run by bench/run.ts): $BENCH_SWEEP_OPEN open steps (duties of a synthetic
 * agency, the way a phase opens them) of which $BENCH_SWEEP_DUE are due, the rest later today or
 * on later days; one sweep; the items DynamoDB read for it (ScannedCount of its queries, plus its
 * gets) over the items that were due. Writes its figures to $BENCH_OUT as JSON.
 */
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openStep } from '#core/action-items.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { ddb } from '#functions/adapters/dynamo.ts';
import { sweep } from '#functions/use-cases/sweep.ts';

const open = Number(process.env.BENCH_SWEEP_OPEN ?? 100_000);
const due = Number(process.env.BENCH_SWEEP_DUE ?? 1_000);
const now = new Date('2027-03-15T03:00:00Z');
const nipOf = (i: number) => `19800101${String(2000_0000_00 + i).slice(-10)}`;

it(`sweep of ${open} open steps, ${due} due`, async () => {
  const deps = liveDeps();
  const agencyId = 'bench-sweep';
  // Due: over the last day. Not due: later today, and over the next 60 days.
  const docs = Array.from({ length: open }, (_, i) => {
    const at =
      i < due
        ? new Date(now.getTime() - 1 - ((i * 86_400_000) / due) * 0.9)
        : i % 10 === 0
          ? new Date(now.getTime() + 60_000 + (i % 1000) * 1000)
          : new Date(now.getTime() + 86_400_000 * (1 + (i % 60)));
    const nip = nipOf(i);
    const step = openStep({
      kind: 'SUBMIT_SKP',
      owner: { nip },
      dueAt: new Date(at.getTime() + 7 * 86_400_000).toISOString(),
      now: new Date(at.getTime() - 86_400_000),
    }).set!;
    return {
      ref: { kind: 'DUTY' as const, id: { nip, year: 2027, phase: 'PLANNING' } },
      doc: {
        agencyId,
        year: 2027,
        phase: 'PLANNING',
        ownerNip: nip,
        ownerName: `Pegawai ${i}`,
        ...step,
        nextActionAt: at.toISOString(),
        actionSubject: { type: 'SKP_DUTY', year: 2027, ownerNip: nip, ownerName: `Pegawai ${i}` },
        openedAt: new Date(at.getTime() - 86_400_000).toISOString(),
      },
    };
  });
  const seeded = performance.now();
  await deps.store.putMany(docs);
  const seedSeconds = (performance.now() - seeded) / 1000;

  // Items DynamoDB read for the sweep: every query's ScannedCount, every get's item.
  let itemsRead = 0;
  const reads: Record<string, number> = {};
  const stack = ddb().middlewareStack as unknown as {
    add(mw: unknown, o: unknown): void;
    remove(n: string): boolean;
  };
  stack.add(
    (next: (a: unknown) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const result = await next(args);
        const o = result.output;
        const n =
          typeof o.ScannedCount === 'number'
            ? o.ScannedCount
            : 'Item' in o
              ? o.Item
                ? 1
                : 0
              : o.Responses
                ? Object.values(o.Responses as Record<string, unknown[]>).reduce((a, r) => a + r.length, 0)
                : 0;
        itemsRead += n;
        const name = context.commandName ?? '?';
        reads[name] = (reads[name] ?? 0) + n;
        return result;
      },
    { step: 'initialize', name: 'benchSweepReads' },
  );
  const began = performance.now();
  const stats = await sweep(deps, now);
  const sweepSeconds = (performance.now() - began) / 1000;
  stack.remove('benchSweepReads');
  expect(stats.read).toBe(due);
  writeFileSync(
    process.env.BENCH_OUT ?? '/dev/stdout',
    JSON.stringify({
      open,
      due,
      itemsRead,
      readsByCommand: reads,
      stepsRead: stats.read,
      escalations: stats.escalations,
      reminders: stats.reminders,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      sweepSeconds: Number(sweepSeconds.toFixed(1)),
    }),
  );
});
