/**
 * The report benchmark's two halves, each run in a fresh process so its peak RSS is its own:
 *   --seed N --agency ID        write an agency of N employees (an approved SKP each but every
 *                               20th, a Q1 check-in for 90 %, a Q1 evaluation for each approved
 *                               SKP: 60 % final, 20 % rated, 20 % pending and overdue)
 *   --measure query|report      the bare gsi1 Queries of the same items (the four streams the
 *                               report reads, concurrently, items counted and dropped), or the
 *                               whole report (CSV + XLSX + PDF into s3rver)
 * Prints one JSON line. Driven by bench/run.ts against its DynamoDB Local and s3rver.
 */
import { parseArgs } from 'node:util';
import type { Doc, DocRef } from '#core/ports.ts';
import type { StoredReport } from '#core/report/report.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { now, setClock } from '#functions/clock.ts';
import { produceReport, reportStreams } from '#functions/use-cases/reports.ts';
import { rng, syntheticOrg } from '#local/demo-data.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    agency: { type: 'string' },
    measure: { type: 'string' },
    year: { type: 'string', default: '2027' },
  },
});
const agencyId = values.agency!;
// The report is read as of a named instant, after the first quarter (never the day it runs).
setClock(() => Date.parse('2027-04-10T02:00:00Z'));
const year = Number(values.year);
const deps = liveDeps();

const predikat = ['SANGAT_BAIK', 'BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG'] as const;
const indicator = (i: number, value: number) => ({
  indicatorId: `i${i}`,
  text: `Indikator kinerja individu nomor ${i} yang diukur setiap triwulan`,
  aspect: 'KUANTITAS',
  target: { value, unit: 'dokumen' },
  annualTarget: { value: value * 4, unit: 'dokumen' },
  lowerIsBetter: false,
});
const targets = [
  {
    rhkId: 'r1',
    kind: 'UTAMA',
    text: 'Terselenggaranya layanan administrasi kepegawaian yang tepat waktu',
    indicators: [indicator(1, 10), indicator(2, 25)],
  },
  {
    rhkId: 'r2',
    kind: 'TAMBAHAN',
    text: 'Tersusunnya laporan kinerja unit kerja triwulanan',
    indicators: [indicator(3, 3), indicator(4, 1)],
  },
];
const content = {
  approach: 'KUANTITATIF',
  rhk: targets.map((r) => ({
    ...r,
    intervenesRhkId: null,
    indicators: r.indicators.map(({ annualTarget: _, ...i }) => i),
  })),
};

async function seed(n: number) {
  const r = rng(7);
  const org = syntheticOrg(n, 3);
  const at = '2027-04-10T02:00:00.000Z';
  const docs: { ref: DocRef; doc: Doc }[] = [];
  let written = 0;
  const flush = async (force = false) => {
    if (docs.length < 4000 && !force) return;
    const batch = docs.splice(0, docs.length);
    await deps.store.putMany(batch);
    written += batch.length;
  };
  for (const [i, e] of org.entries()) {
    const supervisorNip = e.supervisorNip || null;
    docs.push({
      ref: { kind: 'EMPLOYEE', id: { nip: e.nip } },
      doc: {
        ...e,
        supervisorNip,
        agencyId,
        asnType: 'PNS',
        managerChain: supervisorNip ? [supervisorNip] : [],
        directReports: 0,
        version: 1,
        updatedAt: at,
      },
    });
    if (i % 20 === 19) continue; // no SKP
    const skpId = `${year}.${e.unitId}.${e.nip}.1`;
    const facts = {
      agencyId,
      ownerNip: e.nip,
      appraiserNip: supervisorNip,
      appraiserSupervisorNip: null,
      managerChain: supervisorNip ? [supervisorNip] : [],
      approverId: supervisorNip ?? `HR#${agencyId}`,
    };
    docs.push({
      ref: { kind: 'SKP', id: { skpId } },
      doc: {
        ...facts,
        skpId,
        year,
        seq: 1,
        startMonth: 1,
        endMonth: 12,
        unitId: e.unitId,
        unitName: e.unitName,
        ownerName: e.name,
        status: 'APPROVED',
        version: 3,
        revision: 1,
        unlinkedUtama: 0,
        content,
        approvedContent: content,
        rhkIds: ['r1', 'r2'],
        submittedAt: '2027-01-15T02:00:00.000Z',
        approvedAt: `2027-01-${String(16 + (i % 14)).padStart(2, '0')}T02:00:00.000Z`,
        createdAt: '2027-01-10T02:00:00.000Z',
        updatedAt: at,
        auditHead: { seq: 3, hash: 'x'.repeat(64) },
      },
    });
    if (r() < 0.9)
      docs.push({
        ref: { kind: 'CHECKIN', id: { skpId, period: 'Q1' } },
        doc: {
          ...facts,
          skpId,
          period: 'Q1',
          year,
          unitId: e.unitId,
          unitName: e.unitName,
          ownerName: e.name,
          status: r() < 0.7 ? 'REVIEWED' : 'SUBMITTED',
          version: 4,
          targets,
          realisasi: targets.flatMap((t) =>
            t.indicators.map((x) => ({
              indicatorId: x.indicatorId,
              value: Math.round(x.target.value * (0.7 + r() * 0.5)),
              note: 'Sesuai laporan bulanan',
              evidenceIds: [],
            })),
          ),
          evidence: {},
          dialogs: [],
          submittedAt: `2027-03-${String(10 + (i % 18)).padStart(2, '0')}T03:00:00.000Z`,
          createdAt: at,
          updatedAt: at,
          actionSubject: {},
          auditHead: { seq: 4, hash: 'x'.repeat(64) },
        },
      });
    const roll = r();
    const p = predikat[Math.floor(r() * predikat.length)]!;
    const status = roll < 0.6 ? 'FINAL' : roll < 0.8 ? 'RATED' : 'PENDING';
    docs.push({
      ref: { kind: 'EVALUATION', id: { skpId, period: 'Q1' } },
      doc: {
        ...facts,
        skpId,
        year,
        seq: 1,
        period: 'Q1',
        unitId: e.unitId,
        unitName: e.unitName,
        ownerName: e.name,
        status,
        version: 3,
        targets,
        timeZone: 'Asia/Jakarta',
        opensAt: '2027-04-01T00:00:00+07:00',
        dueAt: '2027-04-09T23:59:59+07:00',
        ...(status !== 'PENDING'
          ? {
              rating: {
                hasilKerja: 'SESUAI',
                perilakuKerja: 'SESUAI',
                predikat: p,
                hasilKerjaFrom: 'APPRAISER',
                ratedBy: supervisorNip ?? 'HR',
                ratedAt: at,
              },
              predikat: p,
            }
          : {
              pendingKind: 'RATE_EVALUATION',
              pendingOwner: supervisorNip ?? `HR#${agencyId}`,
              pendingDueAt: '2027-04-09T23:59:59+07:00',
              escalationLevel: 1,
            }),
        ...(status === 'FINAL' ? { finalizedAt: at, deliveredAt: at } : {}),
        createdAt: at,
        updatedAt: at,
        auditHead: { seq: 3, hash: 'x'.repeat(64) },
      },
    });
    await flush();
  }
  const units = new Set(org.map((e) => e.unitId));
  for (const unitId of units)
    docs.push({
      ref: { kind: 'UNIT_RESULT', id: { agencyId, year, unitId, period: 'Q1' } },
      doc: {
        agencyId,
        year,
        period: 'Q1',
        unitId,
        unitName: unitId,
        status: 'SET',
        result: 'BAIK',
        counts: {},
        evaluations: 0,
        finalCount: 0,
      },
    });
  await flush(true);
  return { written, units: units.size };
}

async function bareQueries() {
  // The same four streams as the report, with the same projections, read concurrently.
  const streams = reportStreams(deps, { agencyId, year, period: 'Q1', checkinPeriods: ['Q1'] });
  const counts = await Promise.all(
    streams.map(async (s) => {
      let n = 0;
      for await (const page of s.pages) n += page.length;
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

const began = performance.now();
let out: Record<string, unknown>;
if (values.seed) out = await seed(Number(values.seed));
else if (values.measure === 'query') out = { items: await bareQueries() };
else {
  const report: StoredReport = {
    reportId: `${year}.Q1.AGENCY.OD001`,
    agencyId,
    year,
    period: 'Q1',
    scope: 'AGENCY',
    purpose: 'ON_DEMAND',
    edition: 'OD001',
    formats: ['CSV', 'XLSX', 'PDF'],
    status: 'RUNNING',
    version: 1,
    auditHead: { seq: 1, hash: '' },
    requestedBy: 'BENCH',
    requestedAt: now().toISOString(),
    attempts: 1,
    createdAt: now().toISOString(),
    updatedAt: now().toISOString(),
  };
  const m = await produceReport(deps, report, now());
  out = {
    rows: m.rows,
    units: m.units,
    files: m.files.map((f) => ({ format: f.format, bytes: f.bytes, pages: f.pages })),
  };
}
console.log(
  JSON.stringify({
    ...out,
    seconds: Number(((performance.now() - began) / 1000).toFixed(2)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
