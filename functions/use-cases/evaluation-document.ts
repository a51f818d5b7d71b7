/**
 * The evaluation document and the unit's penetapan as PDFs.
 *
 * Round trips: two for the evaluation document (the SKP's period documents by one Query, with one
 * BatchGetItem of the agency, the SKP, the unit result and the owner in parallel; then one
 * BatchGetItem of the appraiser and the appraiser's supervisor, whom the evaluation names). The
 * penetapan: one GetItem-sized BatchGet (unit result, agency) and the unit's evaluations by one
 * paged Query, then the leader's profile.
 */
import type { Actor } from '#core/actor.ts';
import { evaluationDocument, type Person, penetapanDocument } from '#core/appraisal/document.ts';
import { canReadEvaluation, evaluationPeriodPattern } from '#core/appraisal/evaluation.ts';
import { checkCurve, noCounts } from '#core/appraisal/rules.ts';
import { canReadUnitResult, type StoredUnitResult } from '#core/appraisal/unit-result.ts';
import { notFound } from '#core/errors.ts';
import type { Deps, Doc } from '#core/ports.ts';
import type { Ekspektasi } from '#core/skp/content.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { renderEvaluation, renderPenetapan } from '../documents/pdf.ts';
import { readEvaluationForDocument } from './evaluations.ts';

const personOf = (p: Doc | undefined, fallbackUnit = ''): Person | null =>
  p
    ? {
        name: String(p.name),
        nip: String(p.nip),
        position: String(p.position ?? ''),
        unitName: String(p.unitName ?? fallbackUnit),
      }
    : null;

const breachesOf = (u: StoredUnitResult | undefined) =>
  u?.result ? checkCurve(u.result, { ...noCounts(), ...u.counts }).breaches : [];

export async function evaluationPdf(deps: Deps, actor: Actor, skpId: string, period: string) {
  const id = parseSkpId(skpId);
  if (!id || !evaluationPeriodPattern.test(period)) throw notFound('EVALUATION_NOT_FOUND', { skpId, period });
  const [read, [agency, skp, owner, unitDoc]] = await Promise.all([
    readEvaluationForDocument(deps, actor, skpId, period),
    deps.store.getMany([
      { kind: 'AGENCY', id: { agencyId: actor.agencyId } },
      { kind: 'SKP', id: { skpId } },
      { kind: 'EMPLOYEE', id: { nip: id.nip } },
      { kind: 'UNIT_RESULT', id: { agencyId: actor.agencyId, year: id.year, unitId: id.unitId, period } },
    ]),
  ]);
  const e = read.evaluation;
  // Who rated, as they were: a later re-import or reassignment does not rename the signatory.
  const rater = e.rating && !e.rating.decisionRef ? e.rating.ratedBy : e.appraiserNip;
  const [appraiser, appraiserSup] = await deps.store.getMany(
    [rater, e.appraiserSupervisorNip]
      .filter((n): n is string => typeof n === 'string')
      .map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
  );
  const unit = unitDoc as unknown as StoredUnitResult | undefined;
  const model = evaluationDocument({
    agencyName: String(agency?.name ?? actor.agencyId),
    timeZone: e.timeZone,
    evaluation: e.status === 'FINAL' ? e : { ...e, suggestion: read.live.suggestion },
    checkins: read.checkins as never,
    ekspektasi:
      e.status === 'FINAL' && e.basis
        ? e.basis.ekspektasi
        : (((skp?.ekspektasi as Ekspektasi | undefined) ?? {}) as Record<string, string>),
    owner: personOf(owner, e.unitName) ?? {
      name: e.ownerName,
      nip: e.ownerNip,
      position: '',
      unitName: e.unitName,
    },
    appraiser: rater ? personOf(appraiser) : null,
    appraiserSupervisor: e.appraiserSupervisorNip ? personOf(rater ? appraiserSup : appraiser) : null,
    // The unit's counts include colleagues' ratings not yet delivered: the owner's copy shows them
    // once the penetapan is signed (every rating final); supervisors and HR see them as they are.
    unit: unit
      ? {
          ...(unit.result ? { result: unit.result } : {}),
          ...(actor.nip !== e.ownerNip || unit.status === 'SIGNED'
            ? { counts: unit.counts, breaches: breachesOf(unit) }
            : {}),
        }
      : null,
    printedAt: deps.clock.now().toISOString(),
  });
  return {
    bytes: await renderEvaluation(model),
    fileName: `evaluasi-kinerja-${id.nip}-${id.year}-${period}.pdf`,
  };
}

export async function penetapanPdf(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  year: number,
  unitId: string,
  period: string,
) {
  if (agencyId !== actor.agencyId || !evaluationPeriodPattern.test(period))
    throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
  const [unitDoc, agency] = await deps.store.getMany([
    { kind: 'UNIT_RESULT', id: { agencyId, year, unitId, period } },
    { kind: 'AGENCY', id: { agencyId } },
  ]);
  if (!unitDoc || !canReadUnitResult(actor, unitDoc))
    throw notFound('UNIT_RESULT_NOT_FOUND', { unitId, period });
  const unit = unitDoc as unknown as StoredUnitResult;
  const employees: { name: string; nip: string; predikat?: never; status: string }[] = [];
  for await (const page of deps.store.pages({
    kind: 'EVALUATION',
    pattern: 'ofUnitPeriod',
    params: { agencyId, year, period, unitId },
  })) {
    for (const d of page) {
      if (!canReadEvaluation(actor, d) && !canReadUnitResult(actor, unitDoc)) continue;
      employees.push({
        name: String(d.ownerName),
        nip: String(d.ownerNip),
        ...(d.predikat ? { predikat: d.predikat as never } : {}),
        status: String(d.status),
      });
    }
  }
  const leader = unit.leaderNip
    ? await deps.store.get({ kind: 'EMPLOYEE', id: { nip: unit.leaderNip } })
    : undefined;
  const model = penetapanDocument({
    agencyName: String(agency?.name ?? agencyId),
    timeZone: unit.timeZone,
    unitName: unit.unitName,
    period,
    year,
    ...(unit.result ? { result: unit.result } : {}),
    counts: { ...noCounts(), ...unit.counts },
    breaches: breachesOf(unit),
    employees: employees.sort((a, b) => a.name.localeCompare(b.name, 'id')),
    leader: personOf(leader),
    ...(unit.signedDecisionRef ? { decisionRef: unit.signedDecisionRef } : {}),
    ...(unit.signedAt ? { signedAt: unit.signedAt } : {}),
    printedAt: deps.clock.now().toISOString(),
  });
  return {
    bytes: await renderPenetapan(model),
    fileName: `penetapan-predikat-${unitId}-${year}-${period}.pdf`,
  };
}
