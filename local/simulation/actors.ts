/**
 * What people do in the simulation, through the real API, each at an instant of the clock:
 * draft an SKP (cascaded from the supervisor's), submit it, approve it later; record a period's
 * realisasi and submit it; give feedback later. Tokens are minted on the clock when needed (a
 * token lives 12 hours, so one minted in December does not open a check-in in April).
 */
import type { Rng } from '../demo-data.ts';
import { type CallOptions, type CallResult, invokeRoute, tokenFor } from '../invoke.ts';
import type { Person, World } from './world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Outcomes {
  skpSubmitted: number;
  skpApproved: number;
  checkinsSubmitted: number;
  feedbackGiven: number;
  unitResultsSet: number;
  evaluationsRated: number;
  evaluationsFinalized: number;
  /** Finalized although the unit's distribution breaks its curve (confirmed with a reason). */
  breachesConfirmed: number;
  /** The annual predikat of every finalized evaluation (as finalized, before any appeal). */
  predikat: Record<string, number>;
  /** Appeals (keberatan) against the annual result. */
  appealsFiled: number;
  /** Filed after the employee's window: refused (409), as they should be. */
  appealsRefusedLate: number;
  appealsResponded: number;
  appealsDecided: number;
  appealsChanged: number;
  /** Decided after the decision's deadline (the step had escalated first). */
  appealsDecidedLate: number;
  developmentPlans: number;
  /** Answers an actor did not expect (anything but the refusals of acting late). */
  unexpected: number;
}

export interface Action {
  at: number;
  run: () => Promise<void>;
}

export class Actors {
  readonly actions: Action[] = [];
  readonly outcomes: Outcomes = {
    skpSubmitted: 0,
    skpApproved: 0,
    checkinsSubmitted: 0,
    feedbackGiven: 0,
    unitResultsSet: 0,
    evaluationsRated: 0,
    evaluationsFinalized: 0,
    breachesConfirmed: 0,
    predikat: {},
    appealsFiled: 0,
    appealsRefusedLate: 0,
    appealsResponded: 0,
    appealsDecided: 0,
    appealsChanged: 0,
    appealsDecidedLate: 0,
    developmentPlans: 0,
    unexpected: 0,
  };
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly world: World,
    private readonly now: () => number,
    private readonly random: Rng,
    private readonly log: (line: string) => void,
  ) {}

  schedule(at: number, run: () => Promise<void>): void {
    this.actions.push({ at, run });
  }

  /** Plans the year: drafts in January (late ones in February), check-ins around period ends. */
  planYear(): void {
    const { year } = this.world;
    const dayIn = (from: string, to: string) =>
      Date.parse(from) +
      Math.floor(this.random() * ((Date.parse(to) - Date.parse(from)) / DAY)) * DAY +
      (1 + Math.floor(this.random() * 8)) * HOUR;
    for (const p of this.world.people.values()) {
      // Check-ins: most in the last days of the period, some after the window, some never.
      for (const { period, end } of this.world.periods.get(p.agencyId) ?? []) {
        const r = this.random();
        if (r >= 0.85) continue;
        const endMs = Date.parse(`${end}T12:00:00Z`);
        const at =
          r < 0.7
            ? endMs - Math.floor(this.random() * 10) * DAY
            : endMs + (3 + Math.floor(this.random() * 8)) * DAY;
        this.schedule(at, () => this.checkIn(p, period));
      }
      if (p.drafts === 'NEVER') continue;
      // Heads of the tree first: the top drafts in early January, everyone else after them.
      const at =
        p.drafts === 'ON_TIME'
          ? dayIn(`${year}-01-02`, `${year}-01-26`)
          : dayIn(`${year}-02-02`, `${year}-02-20`);
      this.schedule(p.supervisorNip ? at : Date.parse(`${year}-01-02T02:00:00Z`), () =>
        this.draftAndSubmit(p),
      );
    }
    this.planAnnualAppraisal();
  }

  /**
   * The annual appraisal in January of the next year: each unit's leader (the head's supervisor,
   * HR for the top) sets the organisation result first; appraisers rate from the suggestion in
   * the second and third weeks and finalize in the fourth, confirming a breach of the curve.
   */
  planAnnualAppraisal(): void {
    const next = this.world.year + 1;
    const day = (d: number) => Date.parse(`${next}-01-${String(d).padStart(2, '0')}T02:00:00Z`);
    for (const p of this.world.people.values()) {
      const supervisor = p.supervisorNip ? this.world.people.get(p.supervisorNip) : undefined;
      if (!supervisor || supervisor.unitId !== p.unitId)
        this.schedule(day(5) + Math.floor(this.random() * 6) * 3_600_000, () =>
          this.setUnitResult(p, supervisor),
        );
      if (supervisor?.approves === 'NEVER') continue;
      const rateDay = 8 + Math.floor(this.random() * 10);
      this.schedule(day(rateDay), () => this.rateAnnual(p, supervisor));
      this.schedule(day(22 + Math.floor(this.random() * 6)), () => this.finalizeAnnual(p, supervisor));
    }
  }

  /**
   * An HR officer of the agency (not its head: HR records the head's outside appraiser), and
   * never the one whose case it is (`except`).
   */
  private hrOf(agencyId: string, except?: string): Person {
    return [...this.world.people.values()].find(
      (x) => x.agencyId === agencyId && x.supervisorNip && x.nip !== except,
    )!;
  }

  async setUnitResult(head: Person, leader: Person | undefined): Promise<void> {
    const url = `/v1/agencies/${head.agencyId}/cycles/${this.world.year}/units/${head.unitId}`;
    const reader = leader ?? this.hrOf(head.agencyId);
    const roles = leader ? [] : (['HR'] as const);
    const dist = await this.call(reader, 'GET', `${url}/distribution?period=ANNUAL`, {}, roles);
    // A unit without an approved SKP has no evaluations and no result to set.
    if (!this.expect(dist, [200], `distribution ${head.unitId}`, [404, 409]) || dist.body.status !== 'OPEN')
      return;
    const r = this.random();
    const rating = r < 0.25 ? 'ISTIMEWA' : r < 0.85 ? 'BAIK' : 'BUTUH_PERBAIKAN';
    const set = await this.call(
      reader,
      'PUT',
      `${url}/organization-rating`,
      {
        headers: { 'if-match': dist.body.etag },
        body: { period: 'ANNUAL', rating, ...(leader ? {} : { decisionRef: 'KEP-SIM/1/2027' }) },
      },
      roles,
    );
    if (this.expect(set, [200], `organization rating ${head.unitId}`)) this.outcomes.unitResultsSet++;
  }

  private async annualEvaluation(p: Person, reader: Person, roles: readonly 'HR'[]) {
    const skp = await this.call(
      reader,
      'GET',
      `/v1/employees/${p.nip}/skp?year=${this.world.year}`,
      {},
      roles,
    );
    if (skp.status !== 200) return undefined;
    const path = `/v1/skp/${skp.body.skpId}/periods/ANNUAL/evaluation`;
    const evaluation = await this.call(reader, 'GET', path, {}, roles);
    // No approved SKP: nothing to evaluate.
    return evaluation.status === 200 ? { path, body: evaluation.body } : undefined;
  }

  async rateAnnual(p: Person, supervisor: Person | undefined, attempt = 0): Promise<void> {
    const reader = supervisor ?? this.hrOf(p.agencyId);
    const roles = supervisor ? [] : (['HR'] as const);
    const found = await this.annualEvaluation(p, reader, roles);
    if (!found || found.body.status === 'FINAL') return;
    const r = this.random();
    const perilakuKerja = r < 0.2 ? 'DI_ATAS' : r < 0.95 ? 'SESUAI' : 'DI_BAWAH';
    const head = !supervisor || supervisor.unitId !== p.unitId;
    const body = {
      ...(head ? {} : { hasilKerja: found.body.suggestedHasilKerja ?? 'SESUAI' }),
      perilakuKerja,
      ...(supervisor ? {} : { decisionRef: 'KEP-SIM/1/2027' }),
    };
    const rated = await this.call(
      reader,
      'PUT',
      found.path,
      { headers: { 'if-match': found.body.etag }, body },
      roles,
    );
    // A head waits for the unit's organisation result.
    if (rated.status === 409 && rated.body.code === 'UNIT_RESULT_NOT_SET' && attempt < 5) {
      this.schedule(this.now() + 2 * DAY, () => this.rateAnnual(p, supervisor, attempt + 1));
      return;
    }
    if (this.expect(rated, [200], `rate ${p.nip}`)) this.outcomes.evaluationsRated++;
  }

  async finalizeAnnual(p: Person, supervisor: Person | undefined): Promise<void> {
    const reader = supervisor ?? this.hrOf(p.agencyId);
    const roles = supervisor ? [] : (['HR'] as const);
    const found = await this.annualEvaluation(p, reader, roles);
    if (found?.body.status !== 'RATED') return;
    const onBehalf = supervisor ? {} : { decisionRef: 'KEP-SIM/1/2027' };
    let done = await this.call(
      reader,
      'POST',
      `${found.path}/finalize`,
      { headers: { 'if-match': found.body.etag }, body: onBehalf },
      roles,
    );
    if (done.status === 422 && done.body.code === 'CURVE_BREACH_UNCONFIRMED') {
      done = await this.call(
        reader,
        'POST',
        `${found.path}/finalize`,
        {
          headers: { 'if-match': found.body.etag },
          body: {
            ...onBehalf,
            confirmBreach: true,
            reason: 'Capaian unit kerja dinilai sesuai bukti dukung.',
          },
        },
        roles,
      );
      if (done.status === 200) this.outcomes.breachesConfirmed++;
    }
    if (!this.expect(done, [200], `finalize ${p.nip}`, [409])) return;
    this.outcomes.evaluationsFinalized++;
    const predikat = String(done.body.predikat);
    this.outcomes.predikat[predikat] = (this.outcomes.predikat[predikat] ?? 0) + 1;
    this.planFollowUp(p, supervisor, found.path, predikat, Date.parse(String(done.body.appealUntil)));
  }

  /**
   * After delivery: most of those rated low appeal, a few others too, mostly within their window
   * (some a day after it: refused); the appraiser develops a plan for a low predikat (on time, late
   * or never, as they approve).
   */
  planFollowUp(
    p: Person,
    supervisor: Person | undefined,
    path: string,
    predikat: string,
    until: number,
  ): void {
    const low = ['BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'].includes(predikat);
    if (this.random() < (low ? 0.6 : 0.05)) {
      const late = this.random() < 0.1;
      const at = late ? until + DAY : this.now() + (1 + Math.floor(this.random() * 10)) * DAY;
      this.schedule(Math.min(at, late ? at : until - HOUR), () => this.fileAppeal(p, supervisor, path));
    }
    if (low && supervisor && supervisor.approves !== 'NEVER')
      this.schedule(this.now() + this.delayOf(supervisor), () => this.planDevelopment(p, supervisor, path));
  }

  async fileAppeal(p: Person, supervisor: Person | undefined, evaluationPath: string): Promise<void> {
    const path = evaluationPath.replace(/\/evaluation$/, '/appeal');
    const filed = await this.call(p, 'POST', path, {
      body: { reason: 'Capaian dan bukti dukung saya belum dipertimbangkan sepenuhnya dalam penilaian.' },
    });
    if (filed.status === 409 && filed.body.code === 'APPEAL_WINDOW_CLOSED') {
      this.outcomes.appealsRefusedLate++;
      return;
    }
    if (!this.expect(filed, [201], `appeal ${p.nip}`)) return;
    this.outcomes.appealsFiled++;
    // The appraiser answers (or never does: the decider then waits for the response time to end).
    const appraiser = supervisor ?? this.hrOf(p.agencyId, p.nip);
    const roles = supervisor ? [] : (['HR'] as const);
    if (supervisor?.approves !== 'NEVER')
      this.schedule(this.now() + (1 + Math.floor(this.random() * 3)) * DAY, () =>
        this.respondToAppeal(appraiser, roles, path),
      );
    // The decider: the appraiser's supervisor (HR when outside the chart); late ones decide after
    // the deadline, once their step has escalated.
    const deciderNip = filed.body.deciderNip as string | null;
    const decider = deciderNip ? this.world.people.get(deciderNip)! : this.hrOf(p.agencyId, p.nip);
    const decideBy = Date.parse(String(filed.body.decideBy));
    const respondBy = Date.parse(String(filed.body.respondBy));
    const at =
      decider.approves === 'ON_TIME'
        ? Math.min(decideBy - HOUR, Math.max(respondBy + HOUR, this.now() + 4 * DAY))
        : decideBy + (2 + Math.floor(this.random() * 6)) * DAY;
    this.schedule(at, () => this.decideAppeal(decider, deciderNip ? [] : ['HR'], path, decideBy));
  }

  async respondToAppeal(appraiser: Person, roles: readonly 'HR'[], path: string): Promise<void> {
    const appeal = await this.call(appraiser, 'GET', path, {}, roles);
    if (!this.expect(appeal, [200], `read appeal ${path}`) || appeal.body.status !== 'FILED') return;
    const done = await this.call(
      appraiser,
      'POST',
      `${path}/response`,
      {
        headers: { 'if-match': appeal.body.etag },
        body: { text: 'Penilaian didasarkan pada realisasi dan bukti dukung yang tercatat per triwulan.' },
      },
      roles,
    );
    if (this.expect(done, [200], `respond ${path}`)) this.outcomes.appealsResponded++;
  }

  async decideAppeal(decider: Person, roles: readonly 'HR'[], path: string, decideBy: number, attempt = 0) {
    const appeal = await this.call(decider, 'GET', path, {}, roles);
    if (!this.expect(appeal, [200], `read appeal ${path}`) || appeal.body.status === 'DECIDED') return;
    const o = appeal.body.original as { hasilKerja: string; perilakuKerja: string };
    const up = (r: string) => (r === 'DI_BAWAH' ? 'SESUAI' : 'DI_ATAS');
    // Every other decision changes the result (a head's hasil kerja follows the unit result: then
    // the behaviour is what changes, or the result is upheld).
    const change =
      attempt < 3 &&
      this.outcomes.appealsDecided % 2 === 0 &&
      (o.perilakuKerja !== 'DI_ATAS' || o.hasilKerja !== 'DI_ATAS');
    const body = change
      ? o.perilakuKerja !== 'DI_ATAS'
        ? {
            outcome: 'CHANGED',
            perilakuKerja: up(o.perilakuKerja),
            reason: 'Bukti perilaku kerja baru dipertimbangkan.',
          }
        : {
            outcome: 'CHANGED',
            hasilKerja: up(o.hasilKerja),
            reason: 'Capaian hasil kerja dihitung ulang dari bukti.',
          }
      : { outcome: 'UPHELD', reason: 'Penilaian pejabat penilai sudah sesuai bukti dukung.' };
    const decided = await this.call(
      decider,
      'POST',
      `${path}/decision`,
      {
        headers: { 'if-match': appeal.body.etag },
        body: { ...body, ...(roles.length ? { decisionRef: 'KEP-SIM/KEBERATAN/2028' } : {}) },
      },
      roles,
    );
    // Still waiting for the appraiser's side: try again once its time is over.
    if (decided.status === 409 && decided.body.code === 'APPEAL_AWAITING_RESPONSE' && attempt < 3) {
      this.schedule(Date.parse(String(appeal.body.respondBy)) + HOUR, () =>
        this.decideAppeal(decider, roles, path, decideBy, attempt + 1),
      );
      return;
    }
    // A head whose hasil kerja cannot change: upheld instead.
    if (
      decided.status === 422 &&
      decided.body.errors?.[0]?.code === 'APPEAL_HASIL_KERJA_FROM_UNIT' &&
      attempt < 3
    ) {
      await this.decideAppeal(decider, roles, path, decideBy, 3);
      return;
    }
    if (!this.expect(decided, [200], `decide ${path}`)) return;
    this.outcomes.appealsDecided++;
    if (decided.body.decision.outcome === 'CHANGED') this.outcomes.appealsChanged++;
    if (this.now() > decideBy) this.outcomes.appealsDecidedLate++;
  }

  async planDevelopment(p: Person, appraiser: Person, evaluationPath: string): Promise<void> {
    const path = evaluationPath.replace(/\/evaluation$/, '/follow-up');
    const f = await this.call(appraiser, 'GET', path);
    // An appeal may have taken the predikat out of the development track meanwhile.
    if (!this.expect(f, [200], `follow-up ${p.nip}`, [404]) || f.body.status !== 'PLAN_DUE') return;
    const target = new Date(this.now() + 90 * DAY).toISOString().slice(0, 10);
    const planned = await this.call(appraiser, 'PUT', `${path}/plan`, {
      headers: { 'if-match': f.body.etag },
      body: {
        activity: this.random() < 0.5 ? 'TRAINING' : 'COACHING',
        description: 'Pelatihan teknis dan bimbingan kinerja bulanan bersama pejabat penilai.',
        targetDate: target,
      },
    });
    if (this.expect(planned, [200], `plan ${p.nip}`)) this.outcomes.developmentPlans++;
  }

  private async call(
    p: Person,
    method: string,
    path: string,
    o: Omit<CallOptions, 'token'> = {},
    roles: readonly 'HR'[] = [],
  ): Promise<CallResult> {
    const key = `${p.nip}${roles.join()}`;
    let t = this.tokens.get(key);
    if (!t || t.until <= this.now()) {
      t = { token: await tokenFor(p.nip, p.agencyId, [...roles]), until: this.now() + 6 * HOUR };
      this.tokens.set(key, t);
    }
    return invokeRoute(method, path, { ...o, token: t.token });
  }

  private expect(res: CallResult, ok: number[], what: string, tolerated: number[] = []): boolean {
    if (ok.includes(res.status)) return true;
    if (!tolerated.includes(res.status)) {
      this.outcomes.unexpected++;
      this.log(`unexpected ${res.status} on ${what}: ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    return false;
  }

  private skpOf(p: Person, reader = p) {
    return this.call(reader, 'GET', `/v1/employees/${p.nip}/skp?year=${this.world.year}`);
  }

  private delayOf(approver: Person): number {
    return approver.approves === 'ON_TIME'
      ? (1 + Math.floor(this.random() * 4)) * DAY
      : (8 + Math.floor(this.random() * 8)) * DAY;
  }

  /** Draft (linked to the supervisor's first RHK when it exists) and submit; retry while the supervisor has none. */
  async draftAndSubmit(p: Person, attempt = 0): Promise<void> {
    const supervisor = p.supervisorNip ? this.world.people.get(p.supervisorNip) : undefined;
    let link: string | undefined;
    if (supervisor) {
      const sup = await this.skpOf(supervisor);
      link = sup.status === 200 ? sup.body.content.rhk[0].rhkId : undefined;
      if (!link) {
        if (attempt < 20) this.schedule(this.now() + 2 * DAY, () => this.draftAndSubmit(p, attempt + 1));
        return;
      }
    }
    const rhk = [
      {
        kind: 'UTAMA',
        text: `Hasil kerja ${p.position}`,
        ...(link ? { intervenesRhkId: link } : {}),
        indicators: [
          { text: 'Persentase penyelesaian', aspect: 'KUANTITAS', target: { value: 100, unit: 'persen' } },
        ],
      },
    ];
    let doc = await this.skpOf(p);
    if (doc.status === 404)
      doc = await this.call(p, 'POST', '/v1/skp', { body: { year: this.world.year, rhk } });
    if (!this.expect(doc, [200, 201], `draft ${p.nip}`)) return;
    if (doc.body.status !== 'DRAFT' && doc.body.status !== 'RETURNED') return;
    const sub = await this.call(p, 'POST', `/v1/skp/${doc.body.skpId}/submit`, {
      headers: { 'if-match': doc.body.etag },
    });
    if (!this.expect(sub, [200], `submit ${p.nip}`)) return;
    this.outcomes.skpSubmitted++;
    // The top has no supervisor here: HR records the approval of the region's head (the
    // cascade needs it approved before anyone below).
    if (!supervisor) {
      this.schedule(this.now() + DAY, () => this.approve(p, this.hrOf(p.agencyId), 0, ['HR']));
      return;
    }
    if (supervisor.approves === 'NEVER') return;
    this.schedule(this.now() + this.delayOf(supervisor), () => this.approve(p, supervisor));
  }

  /** The appraiser approves; while the SKP it cascades from is not approved yet (409), later. */
  private async approve(
    p: Person,
    approver: Person,
    attempt = 0,
    roles: readonly 'HR'[] = [],
  ): Promise<void> {
    const current = await this.call(
      approver,
      'GET',
      `/v1/employees/${p.nip}/skp?year=${this.world.year}`,
      {},
      roles,
    );
    if (!this.expect(current, [200], `read ${p.nip} as appraiser`) || current.body.status !== 'SUBMITTED')
      return;
    const approved = await this.call(
      approver,
      'POST',
      `/v1/skp/${current.body.skpId}/approve`,
      { headers: { 'if-match': current.body.etag } },
      roles,
    );
    if (approved.status === 409 && approved.body.code === 'CASCADE_SOURCE_NOT_APPROVED') {
      if (attempt < 20)
        this.schedule(this.now() + 2 * DAY, () => this.approve(p, approver, attempt + 1, roles));
      return;
    }
    if (this.expect(approved, [200], `approve ${p.nip}`)) this.outcomes.skpApproved++;
  }

  /** A period's check-in: realisasi for every indicator, submitted; the appraiser answers later. */
  async checkIn(p: Person, period: string): Promise<void> {
    // The top's appraiser (the region head) is outside the agency: no check-in to review here.
    if (!p.supervisorNip) return;
    const skp = await this.skpOf(p);
    if (skp.status !== 200 || (skp.body.status !== 'APPROVED' && !skp.body.approvedContent)) return;
    const indicators = (skp.body.approvedContent ?? skp.body.content).rhk.flatMap(
      (r: { indicators: { indicatorId: string }[] }) =>
        r.indicators.map((i) => ({ indicatorId: i.indicatorId, value: 80 + Math.floor(this.random() * 50) })),
    );
    const path = `/v1/skp/${skp.body.skpId}/periods/${period}`;
    const saved = await this.call(p, 'PUT', `${path}/realisasi`, { body: { indicators } });
    // Late (window closed): it stays owed, and escalates.
    if (!this.expect(saved, [200, 201], `realisasi ${p.nip} ${period}`, [409])) return;
    const submitted = await this.call(p, 'POST', `${path}/submit`, {
      headers: { 'if-match': saved.body.etag },
    });
    if (!this.expect(submitted, [200], `submit check-in ${p.nip} ${period}`, [409])) return;
    this.outcomes.checkinsSubmitted++;
    const supervisor = p.supervisorNip ? this.world.people.get(p.supervisorNip) : undefined;
    if (!supervisor || supervisor.approves === 'NEVER') return;
    this.schedule(this.now() + this.delayOf(supervisor), async () => {
      const current = await this.call(supervisor, 'GET', path);
      if (!this.expect(current, [200], `read check-in ${p.nip}`) || current.body.status !== 'SUBMITTED')
        return;
      const fb = await this.call(supervisor, 'POST', `${path}/feedback`, {
        headers: { 'if-match': current.body.etag },
        body: { general: 'Pertahankan capaian; lengkapi bukti dukung.' },
      });
      if (this.expect(fb, [200], `feedback ${p.nip} ${period}`)) this.outcomes.feedbackGiven++;
    });
  }
}
