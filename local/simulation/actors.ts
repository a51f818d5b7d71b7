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
  }

  private async call(
    p: Person,
    method: string,
    path: string,
    o: Omit<CallOptions, 'token'> = {},
  ): Promise<CallResult> {
    let t = this.tokens.get(p.nip);
    if (!t || t.until <= this.now()) {
      t = { token: await tokenFor(p.nip, p.agencyId), until: this.now() + 6 * HOUR };
      this.tokens.set(p.nip, t);
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
    if (!supervisor || supervisor.approves === 'NEVER') return;
    this.schedule(this.now() + this.delayOf(supervisor), () => this.approve(p, supervisor));
  }

  /** The appraiser approves; while the SKP it cascades from is not approved yet (409), later. */
  private async approve(p: Person, supervisor: Person, attempt = 0): Promise<void> {
    const current = await this.skpOf(p, supervisor);
    if (!this.expect(current, [200], `read ${p.nip} as appraiser`) || current.body.status !== 'SUBMITTED')
      return;
    const approved = await this.call(supervisor, 'POST', `/v1/skp/${current.body.skpId}/approve`, {
      headers: { 'if-match': current.body.etag },
    });
    if (approved.status === 409 && approved.body.code === 'CASCADE_SOURCE_NOT_APPROVED') {
      if (attempt < 20) this.schedule(this.now() + 2 * DAY, () => this.approve(p, supervisor, attempt + 1));
      return;
    }
    if (this.expect(approved, [200], `approve ${p.nip}`)) this.outcomes.skpApproved++;
  }

  /** A period's check-in: realisasi for every indicator, submitted; the appraiser answers later. */
  async checkIn(p: Person, period: string): Promise<void> {
    const skp = await this.skpOf(p);
    if (skp.status !== 200 || (skp.body.status !== 'APPROVED' && !skp.body.approvedContent)) return;
    const indicators = (skp.body.approvedContent ?? skp.body.content).rhk.flatMap(
      (r: { indicators: { indicatorId: string }[] }) =>
        r.indicators.map((i) => ({ indicatorId: i.indicatorId, value: 60 + Math.floor(this.random() * 60) })),
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
