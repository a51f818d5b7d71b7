/**
 * What the end of the simulated year should look like, judged by the core's own rules (never a
 * copy of them): nobody was left out of planning, and every step still open has climbed the
 * levels that core/escalation.ts's `nextStep` gives it when applied at every sweep of the way.
 */
import { workflowRules } from '#config/workflow.ts';
import { predikatOf } from '#core/appraisal/rules.ts';
import { periodIds } from '#core/cycle.ts';
import { nextStep } from '#core/escalation.ts';
import type { Doc, DocRef, DocumentStore } from '#core/ports.ts';
import type { World } from './world.ts';

/** The level an open step should have reached by `now`: the rule, applied at each sweep tick. */
export function expectedLevel(
  item: { pendingDueAt: string; remindersSent?: number },
  now: number,
  sweepEveryMs: number,
): number {
  const state = { pendingDueAt: item.pendingDueAt, escalationLevel: 0, remindersSent: 3 };
  const due = Date.parse(item.pendingDueAt);
  // Allow one sweep interval for the step to be taken once it is due.
  for (let t = Math.ceil(due / sweepEveryMs) * sweepEveryMs; t + sweepEveryMs <= now; t += sweepEveryMs) {
    const step = nextStep(state, new Date(t));
    if (step?.kind === 'ESCALATE') state.escalationLevel = step.level;
  }
  return state.escalationLevel;
}

export interface Verdict {
  skipped: number;
  unescalatedOverdue: number;
  openItems: number;
  checkinDuties: number;
  /** Final evaluations whose predikat is not the table's for the pair rated. */
  wrongPredikat: number;
  findings: string[];
}

export async function judge(
  store: DocumentStore,
  world: World,
  now: number,
  periodicityOf: (agencyId: string) => 'QUARTERLY' | 'MONTHLY',
): Promise<Verdict> {
  const sweepEveryMs = workflowRules.sweepEveryMinutes * 60_000;
  const v: Verdict = {
    skipped: 0,
    unescalatedOverdue: 0,
    openItems: 0,
    checkinDuties: 0,
    wrongPredikat: 0,
    findings: [],
  };
  const list = [...world.people.values()];
  const year = world.year;
  for (let i = 0; i < list.length; i += 10) {
    const chunk = list.slice(i, i + 10);
    const firsts = await store.getMany(
      chunk.map((p) => ({ kind: 'SKP' as const, id: { nip: p.nip, year, seq: 1 } })),
    );
    const docs = await store.getMany(
      chunk.flatMap((p, j): DocRef[] => [
        { kind: 'DUTY', id: { nip: p.nip, year, phase: 'PLANNING' } },
        ...periodIds(periodicityOf(p.agencyId)).flatMap((q): DocRef[] => [
          { kind: 'DUTY', id: { nip: p.nip, year, phase: q } },
          ...(firsts[j]
            ? [{ kind: 'CHECKIN' as const, id: { skpId: String(firsts[j]!.skpId), period: q } }]
            : []),
        ]),
        ...(firsts[j]
          ? [{ kind: 'EVALUATION' as const, id: { skpId: String(firsts[j]!.skpId), period: 'ANNUAL' } }]
          : []),
      ]),
    );
    const mineOf = new Map<string, Doc[]>();
    for (const d of [...firsts, ...docs])
      if (d) mineOf.set(String(d.ownerNip), [...(mineOf.get(String(d.ownerNip)) ?? []), d]);
    v.checkinDuties += docs.filter((d) => d?.pendingKind === 'SUBMIT_CHECKIN').length;
    for (const p of chunk) {
      const mine = mineOf.get(p.nip) ?? [];
      // Nobody left out of planning: each person has an SKP or owes one.
      if (!mine.some((d) => d.type === 'SKP' || (d.type === 'DUTY' && d.phase === 'PLANNING'))) {
        v.skipped++;
        v.findings.push(`skipped: ${p.nip} has neither an SKP nor a planning duty`);
      }
      // A final predikat is the table's for the pair rated (never another).
      for (const e of mine.filter((x) => x.type === 'EVALUATION' && x.status === 'FINAL')) {
        const r = e.rating as { hasilKerja: never; perilakuKerja: never; predikat: string };
        if (r.predikat !== predikatOf(r.hasilKerja, r.perilakuKerja) || e.predikat !== r.predikat) {
          v.wrongPredikat++;
          v.findings.push(`predikat: ${p.nip} ${r.hasilKerja}/${r.perilakuKerja} gave ${String(e.predikat)}`);
        }
      }
      for (const d of mine.filter((x) => typeof x.pendingDueAt === 'string')) {
        v.openItems++;
        const expected = expectedLevel(d as { pendingDueAt: string }, now, sweepEveryMs);
        if (Number(d.escalationLevel ?? 0) < expected) {
          v.unescalatedOverdue++;
          v.findings.push(
            `unescalated: ${d.type} ${d.pendingKind} due ${d.pendingDueAt} level ${d.escalationLevel} (expected ${expected})`,
          );
        }
      }
    }
  }
  return v;
}
