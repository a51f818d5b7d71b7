/**
 * What an appeal's decision does to a follow-up that already went somewhere (review of issue 11):
 * a development plan made and completed stays on the record, whatever the new predikat.
 */
import { describe, expect, it } from 'vitest';
import { headOf, nextAuditEntry } from '#core/audit.ts';
import { WorkCalendar } from '#core/calendar.ts';
import type { StoredFollowUp } from '#core/follow-up/follow-up.ts';
import type { TxOp } from '#core/ports.ts';
import { followUpAfterDecisionOps } from '#functions/use-cases/follow-ups.ts';

const cal = new WorkCalendar('Asia/Jakarta', [2027]);
const plan = {
  activity: 'COACHING' as const,
  description: 'Bimbingan penyusunan target bersama atasan langsung.',
  targetDate: '2027-05-30',
  plannedBy: '198001012005011001',
  plannedAt: '2027-04-08T03:00:00.000Z',
};
const completion = {
  note: 'Selesai',
  completedBy: '198001012005011001',
  completedAt: '2027-04-20T03:00:00.000Z',
};
const head = headOf(
  nextAuditEntry(undefined, {
    subject: 'FOLLOW_UP#x',
    action: 'DEVELOPMENT_PLAN_OPENED',
    actorNip: '1',
    at: '2027-04-05T03:00:00.000Z',
    data: {},
  }),
);
const completed = {
  skpId: '2027.u.199001012015011001.1',
  period: 'Q1',
  year: 2027,
  seq: 1,
  unitId: 'u',
  unitName: 'Unit',
  ownerName: 'Ani',
  ownerNip: '199001012015011001',
  agencyId: 'a',
  appraiserNip: '198001012005011001',
  appraiserSupervisorNip: '197001012000011001',
  managerChain: ['198001012005011001', '197001012000011001'],
  approverId: '198001012005011001',
  timeZone: 'Asia/Jakarta',
  track: 'DEVELOPMENT',
  status: 'COMPLETED',
  predikat: 'KURANG',
  plan,
  completion,
  version: 3,
  auditHead: head,
  createdAt: '2027-04-05T03:00:00.000Z',
  updatedAt: '2027-04-20T03:00:00.000Z',
} as unknown as StoredFollowUp;

const update = (ops: TxOp[]) => {
  const op = ops.find((o) => o.type === 'update');
  if (op?.type !== 'update') throw new Error('no update');
  return op.changes;
};
const by = { nip: '197001012000011001', now: new Date('2027-04-25T03:00:00Z') };

describe('an appeal decision after the development plan was completed', () => {
  it('to Baik: the plan stays COMPLETED, plan and completion kept, the old predikat in previous', () => {
    const changes = update(followUpAfterDecisionOps(completed, completed, 'BAIK', by, cal));
    expect(changes.set).toMatchObject({ predikat: 'BAIK' });
    expect(changes.set).not.toHaveProperty('status');
    expect(changes.remove ?? []).not.toContain('plan');
    expect(changes.append?.previous).toEqual([
      expect.objectContaining({ status: 'COMPLETED', predikat: 'KURANG', plan, completion }),
    ]);
  });
  it('to Sangat Baik (another track): the completed plan moves to previous, whole', () => {
    const changes = update(followUpAfterDecisionOps(completed, completed, 'SANGAT_BAIK', by, cal));
    expect(changes.set).toMatchObject({ track: 'RECOGNITION', predikat: 'SANGAT_BAIK' });
    expect(changes.append?.previous).toEqual([
      expect.objectContaining({ track: 'DEVELOPMENT', status: 'COMPLETED', plan, completion }),
    ]);
  });
  it('a plan still owed and no longer needed is cancelled', () => {
    const owed = {
      ...completed,
      status: 'PLAN_DUE',
      plan: undefined,
      completion: undefined,
    } as StoredFollowUp;
    const changes = update(followUpAfterDecisionOps(owed, owed, 'BAIK', by, cal));
    expect(changes.set).toMatchObject({ status: 'CANCELLED' });
  });
});
