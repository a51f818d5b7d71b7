/** The report's pure parts: CSV cells for Excel in id-ID, rows from documents, the merge, ids. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '#core/policy.ts';
import { csvCell, neutralizeFormula } from '#core/report/csv.ts';
import { employeeKey, mergeGroups, ownedKey, type Stream } from '#core/report/merge.ts';
import { parseReportId, reportIdOf, reportKey, reportOfClosedPhase } from '#core/report/report.ts';
import { daysOverdue, newTimeline, ReportSummary, rowsOf } from '#core/report/rows.ts';

async function* pagesOf<T>(...pages: T[][]) {
  for (const p of pages) yield p;
}
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('CSV cells', () => {
  it('neutralises anything that starts like a formula', () => {
    for (const t of ['=1+1', '+62 812', '-5', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralizeFormula(t)).toBe(`'${t}`);
    expect(neutralizeFormula('Budi =1')).toBe('Budi =1');
    expect(csvCell('text', '=HYPERLINK("x")', 'Asia/Jakarta')).toBe(`'=HYPERLINK("x")`);
  });
  it('a NIP stays text (the only formula, built from 18 digits only)', () => {
    expect(csvCell('nip', '198609262015051001', 'Asia/Jakarta')).toBe('="198609262015051001"');
    expect(csvCell('nip', '=cmd|x', 'Asia/Jakarta')).toBe("'=cmd|x");
  });
  it('decimal comma, whole numbers, local dates', () => {
    expect(csvCell('decimal', 87.5, 'Asia/Jakarta')).toBe('87,5');
    expect(csvCell('decimal', -5.25, 'Asia/Jakarta')).toBe('-5,25');
    expect(csvCell('int', 3, 'Asia/Jakarta')).toBe('3');
    // 23:30 UTC on 31 March is 1 April in Makassar (UTC+8).
    expect(csvCell('date', '2027-03-31T23:30:00Z', 'Asia/Makassar')).toBe('2027-04-01');
    expect(csvCell('datetime', '2027-03-31T23:30:00Z', 'Asia/Jayapura')).toBe('2027-04-01 08:30');
    expect(csvCell('text', null, 'Asia/Jakarta')).toBe('');
  });
});

describe('report ids and what a phase close files', () => {
  it('round-trips ids; refuses others', () => {
    const id = reportIdOf({ year: 2027, period: 'Q1', scope: 'bkpsdm', edition: 'OD001' });
    expect(parseReportId(id)).toEqual({ year: 2027, period: 'Q1', scope: 'bkpsdm', edition: 'OD001' });
    expect(parseReportId('2027.Q5.AGENCY.OD001')).toBeUndefined();
    expect(parseReportId('2027.Q1.AGENCY.APPEALS')).toBeUndefined();
  });
  it('maps each phase close to its report (appeals: none)', () => {
    const e = { agencyId: 'a', year: 2027 };
    expect(reportOfClosedPhase({ ...e, phase: 'PERIOD_REVIEW', period: 'Q2' })).toEqual({
      period: 'Q2',
      purpose: 'PERIOD',
      reportId: '2027.Q2.AGENCY.PERIOD_REVIEW',
    });
    expect(reportOfClosedPhase({ ...e, phase: 'PLANNING' })?.reportId).toBe('2027.ANNUAL.AGENCY.PLANNING');
    expect(reportOfClosedPhase({ ...e, phase: 'CLOSE' })).toMatchObject({
      purpose: 'ARCHIVE',
      period: 'ANNUAL',
    });
    expect(reportOfClosedPhase({ ...e, phase: 'APPEALS' })).toBeUndefined();
  });
  it('files each purpose under its lifecycle prefix', () => {
    const r = {
      agencyId: 'kota-a',
      year: 2027,
      period: 'Q1',
      scope: 'AGENCY',
      edition: 'CLOSE',
      reportId: 'x',
    };
    expect(reportKey({ ...r, purpose: 'ARCHIVE' }, 'PDF')).toBe(
      'archive/kota-a/2027/x/laporan-kinerja-kota-a-2027-Q1-close.pdf',
    );
    expect(reportKey({ ...r, purpose: 'ON_DEMAND' }, 'CSV').startsWith('on-demand/')).toBe(true);
  });
});

describe('the merge of the streams', () => {
  const emp = (unitId: string, nip: string) => ({ unitId, nip, name: nip });
  const own = (unitId: string, ownerNip: string, extra: object = {}) => ({ unitId, ownerNip, ...extra });
  it('joins one employee at a time across pages, in unit then NIP order', async () => {
    const streams: Stream[] = [
      {
        name: 'employees',
        key: employeeKey,
        pages: pagesOf([emp('a', '1'), emp('a', '2')], [emp('b', '1')]),
      },
      {
        name: 'skps',
        key: ownedKey,
        pages: pagesOf([own('a', '2', { seq: 1 })], [own('a', '2', { seq: 2 }), own('c', '9')]),
      },
      { name: 'checkins', key: ownedKey, pages: pagesOf([], [own('a', '2')]) },
      { name: 'evaluations', key: ownedKey, pages: pagesOf() },
    ];
    const groups = await collect(mergeGroups(streams));
    expect(groups.map((g) => [g.unitId, g.nip, !!g.employee, g.skps.length, g.checkins.length])).toEqual([
      ['a', '1', true, 0, 0],
      ['a', '2', true, 2, 1],
      ['b', '1', true, 0, 0],
      // An SKP of a unit its owner has left: its own row, under the unit it was written in.
      ['c', '9', false, 1, 0],
    ]);
  });
  it('stops on a stream out of order instead of mis-joining', async () => {
    const streams: Stream[] = [
      { name: 'employees', key: employeeKey, pages: pagesOf([emp('b', '1'), emp('a', '1')]) },
    ];
    await expect(collect(mergeGroups(streams))).rejects.toThrow(/out of order/);
  });
  it('the unit order of the keys is the index order ("#" sorts before every id character)', () => {
    const keys = ['a-b#1', 'a#9', 'a0#1', 'ab#1'].sort();
    expect(keys).toEqual(['a#9', 'a-b#1', 'a0#1', 'ab#1']);
    const index = ['UNIT#a-b#1', 'UNIT#a#9', 'UNIT#a0#1', 'UNIT#ab#1'].sort();
    expect(index.map((k) => k.slice(5))).toEqual(keys);
  });
});

describe('rows and summaries', () => {
  const scope = {
    year: 2027,
    period: 'Q1',
    checkinPeriods: ['Q1'],
    asOf: '2027-04-20T00:00:00Z',
    shares: {
      allowance: defaultPolicy.allowance.sharePercent,
      angkaKredit: defaultPolicy.angkaKredit.sharePercent,
    },
  };
  const targets = [
    {
      rhkId: 'r1',
      kind: 'UTAMA',
      text: 'x',
      indicators: [
        {
          indicatorId: 'i1',
          text: 'x',
          aspect: 'KUANTITAS',
          target: { value: 10, unit: 'd' },
          annualTarget: { value: 40, unit: 'd' },
          lowerIsBetter: false,
        },
      ],
    },
  ];
  it('one row per SKP: status, capaian, predikat, what a final rating leads to, lateness', () => {
    const [row] = rowsOf(
      {
        unitId: 'u',
        nip: '1',
        employee: {
          nip: '1',
          name: 'Ani',
          unitId: 'u',
          unitName: 'Unit U',
          position: 'Analis',
          supervisorNip: '2',
        },
        skps: [
          {
            skpId: '2027.u.1.1',
            seq: 1,
            status: 'APPROVED',
            approvedAt: '2027-01-20T00:00:00Z',
            appraiserNip: '2',
          },
        ],
        checkins: [
          {
            skpId: '2027.u.1.1',
            period: 'Q1',
            status: 'SUBMITTED',
            realisasi: [{ indicatorId: 'i1', value: 9 }],
            targets,
          },
        ],
        evaluations: [
          {
            skpId: '2027.u.1.1',
            period: 'Q1',
            status: 'FINAL',
            rating: { hasilKerja: 'DI_BAWAH', perilakuKerja: 'SESUAI', predikat: 'BUTUH_PERBAIKAN' },
            jobType: 'FUNGSIONAL',
            targets,
            escalationReached: 1,
          },
        ],
        duties: [],
      },
      scope,
    );
    expect(row).toMatchObject({
      skpStatus: 'APPROVED',
      checkinStatus: 'SUBMITTED',
      capaian: 90,
      predikat: 'BUTUH_PERBAIKAN',
      followUp: 'PENGEMBANGAN',
      allowancePercent: 80,
      angkaKreditPercent: 75,
      escalationLevel: 1,
      daysOverdue: null,
    });
  });
  it("the shares are the agency's policy; the year's row gives angka kredit, not an allowance", () => {
    const group = (period: string) => ({
      unitId: 'u',
      nip: '1',
      employee: { nip: '1', name: 'Ani', unitId: 'u', unitName: 'Unit U' },
      skps: [{ skpId: '2027.u.1.1', seq: 1, status: 'APPROVED' }],
      checkins: [],
      evaluations: [
        {
          skpId: '2027.u.1.1',
          period,
          status: 'FINAL',
          rating: { predikat: 'KURANG' },
          jobType: 'FUNGSIONAL',
        },
      ],
      duties: [],
    });
    const shares = {
      allowance: { ...defaultPolicy.allowance.sharePercent, KURANG: 55 },
      angkaKredit: { ...defaultPolicy.angkaKredit.sharePercent, KURANG: 40 },
    };
    expect(rowsOf(group('Q1'), { ...scope, shares })[0]).toMatchObject({
      allowancePercent: 55,
      angkaKreditPercent: 40,
    });
    expect(rowsOf(group('ANNUAL'), { ...scope, period: 'ANNUAL', shares })[0]).toMatchObject({
      allowancePercent: null,
      angkaKreditPercent: 40,
    });
    // Not a functional position: no angka kredit (as payroll).
    const pelaksana = group('Q1');
    pelaksana.evaluations[0]!.jobType = 'PELAKSANA';
    expect(rowsOf(pelaksana, { ...scope, shares })[0]).toMatchObject({
      allowancePercent: 55,
      angkaKreditPercent: null,
    });
  });
  it('an employee without an SKP: their planning duty says how late and how far it climbed', () => {
    const [row] = rowsOf(
      {
        unitId: 'u',
        nip: '3',
        employee: { nip: '3', name: 'Budi', unitId: 'u', unitName: 'Unit U', supervisorNip: null },
        skps: [],
        checkins: [],
        evaluations: [],
        duties: [
          {
            phase: 'PLANNING',
            pendingKind: 'SUBMIT_SKP',
            pendingDueAt: '2027-01-31T23:59:59+07:00',
            escalationLevel: 2,
          },
        ],
      },
      scope,
    );
    expect(row).toMatchObject({
      skpStatus: 'NONE',
      pendingStep: 'SUBMIT_SKP',
      daysOverdue: 79,
      escalationLevel: 2,
    });
    expect(daysOverdue('2027-04-19T23:00:00Z', scope.asOf)).toBe(1);
    expect(daysOverdue('2027-04-21T00:00:00Z', scope.asOf)).toBeNull();
  });
  it('summaries count per unit and in total; the curve is checked against the rows', () => {
    const s = new ReportSummary(newTimeline('2027-01-01T00:00:00+07:00', scope.asOf, 26));
    const base = rowsOf(
      { unitId: 'u', nip: '9', skps: [], checkins: [], evaluations: [], duties: [] },
      scope,
    )[0]!;
    for (const [nip, predikat] of [
      ['1', 'BAIK'],
      ['2', 'BAIK'],
      ['3', 'SANGAT_BAIK'],
    ] as const)
      s.add({
        ...base,
        nip,
        predikat,
        evaluationStatus: 'FINAL',
        finalizedAt: '2027-04-03T00:00:00Z',
        skpStatus: 'APPROVED',
      });
    const [u] = s.finish(new Map([['u', { result: 'BAIK' as const }]]));
    expect(u).toMatchObject({ employees: 3, rows: 3, counts: { BAIK: 2, SANGAT_BAIK: 1 } });
    // Baik: at most 70% Baik (67% is fine) and some Butuh Perbaikan or Kurang (none: a breach).
    expect(u!.breaches.map((b) => b.code)).toEqual(['NONE_OF']);
    expect(s.timeline.evaluationFinal.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
