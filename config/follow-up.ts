/**
 * Appeals (keberatan) and follow-up (tindak lanjut) as data: the defaults of the per-agency
 * policy (an agency's HR may set its own, `PUT /v1/agencies/{id}/policy`), their bounds, and the
 * rules that are not policy. The core reads these; nothing here imports.
 */
import type { Predikat } from './appraisal.ts';

export const dayKinds = ['CALENDAR', 'WORKING'] as const;
export type DayKind = (typeof dayKinds)[number];

export interface Span {
  days: number;
  dayKind: DayKind;
}

/**
 * PP 30/2019 art. 59: the employee objects within 14 days of receiving the result; whether
 * calendar or working days is not said (one training text says working days): calendar by
 * default, configurable. The appraiser's response and the decision have no deadline in the
 * regulation: local policy (the decision 14 days after filing, as domain.md suggests (?)).
 */
export const appealDefaults: { fileWithin: Span; respondWithin: Span; decideWithin: Span } = {
  /** Counted from the recorded delivery of the employee's own result. */
  fileWithin: { days: 14, dayKind: 'CALENDAR' },
  /** The appraiser's side, counted from filing. */
  respondWithin: { days: 5, dayKind: 'WORKING' },
  /** The decision by the appraiser's supervisor, counted from filing. */
  decideWithin: { days: 14, dayKind: 'CALENDAR' },
};

/** Any span an agency sets stays within these. */
export const spanBounds = { min: 1, max: 60 } as const;

/**
 * Tukin / TPP follow the predikat. Default: PermenLu 3/2025 (Sangat Baik and Baik 100%, Butuh
 * Perbaikan 80%, Kurang 70%, Sangat Kurang 60%); `MONTHLY`: each month takes the share of the
 * period that covers it (regional TPP is paid monthly); `PERIOD`: one share per period.
 */
export const allowanceDefaults: { basis: 'MONTHLY' | 'PERIOD'; sharePercent: Record<Predikat, number> } = {
  basis: 'MONTHLY',
  sharePercent: { SANGAT_BAIK: 100, BAIK: 100, BUTUH_PERBAIKAN: 80, KURANG: 70, SANGAT_KURANG: 60 },
};

/** Angka kredit of functional positions (PermenPANRB 1/2023): the share of the yearly coefficient. */
export const angkaKreditDefaults: { sharePercent: Record<Predikat, number> } = {
  sharePercent: { SANGAT_BAIK: 150, BAIK: 100, BUTUH_PERBAIKAN: 75, KURANG: 50, SANGAT_KURANG: 25 },
};

/** A share an agency sets stays within 0..this (percent). */
export const shareMaxPercent = 200;

/**
 * What a predikat leads to (PP 30/2019 art. 56-58, domain.md "Tindak lanjut"): a low one opens a
 * development plan owed by the appraiser (training or coaching with a target date); Sangat Baik
 * marks a recognition. Everything else: nothing to follow up.
 */
export const followUpRules = {
  development: ['BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as readonly Predikat[],
  recognition: ['SANGAT_BAIK'] as readonly Predikat[],
  /** The appraiser owes the plan this many working days after the result is final. */
  planWorkingDays: 10,
  /** A plan's target date: after today, at most this many days ahead. */
  targetMaxDays: 365,
} as const;

/** Texts are bounded: the documents stay well under DynamoDB's 400 KB. */
export const appealLimits = {
  reasonMin: 20,
  reasonMax: 4000,
  responseMax: 4000,
  decisionReasonMin: 10,
  decisionReasonMax: 4000,
  evidenceMax: 10,
  planMax: 2000,
} as const;
