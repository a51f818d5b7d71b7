/**
 * Appraisal (PermenPANRB 6/2022, SE MenPANRB 3/2023) as data: the predikat table, the curve of
 * each organisation result, how an organisation result becomes its head's work-results rating,
 * and the thresholds of the capaian-based suggestion. The core reads these; nothing here imports.
 */

export const ratings = ['DI_ATAS', 'SESUAI', 'DI_BAWAH'] as const;
export type Rating = (typeof ratings)[number];

export const predikats = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type Predikat = (typeof predikats)[number];

/**
 * The predikat of each pair (rows: hasil kerja, columns: perilaku kerja), PermenPANRB 6/2022
 * (confirmed against an e-Kinerja training deck and five public implementations, domain.md).
 * The regulation's "Kurang / Misconduct" is KURANG.
 */
export const predikatTable: Record<Rating, Record<Rating, Predikat>> = {
  DI_ATAS: { DI_ATAS: 'SANGAT_BAIK', SESUAI: 'BAIK', DI_BAWAH: 'KURANG' },
  SESUAI: { DI_ATAS: 'BAIK', SESUAI: 'BAIK', DI_BAWAH: 'KURANG' },
  DI_BAWAH: { DI_ATAS: 'BUTUH_PERBAIKAN', SESUAI: 'BUTUH_PERBAIKAN', DI_BAWAH: 'SANGAT_KURANG' },
};

export const organizationResults = [
  'ISTIMEWA',
  'BAIK',
  'BUTUH_PERBAIKAN',
  'KURANG',
  'SANGAT_KURANG',
] as const;
export type OrganizationResult = (typeof organizationResults)[number];

/**
 * A unit head's hasil kerja follows the unit's organisation result. No official mapping of the
 * five levels onto the three ratings was found (domain.md): this one is a policy choice, kept here.
 */
export const headRatingOf: Record<OrganizationResult, Rating> = {
  ISTIMEWA: 'DI_ATAS',
  BAIK: 'SESUAI',
  BUTUH_PERBAIKAN: 'DI_BAWAH',
  KURANG: 'DI_BAWAH',
  SANGAT_KURANG: 'DI_BAWAH',
};

/**
 * The allowed pattern of a unit's predikat for each organisation result (SE MenPANRB 3/2023), as
 * shares of the unit's rated employees. `largest`: that predikat must be the most frequent one.
 * `atMost` / `atLeast`: shares (0..1) of one predikat or of several together.
 */
export interface CurveRule {
  largest?: Predikat;
  atMost?: { of: readonly Predikat[]; share: number }[];
  atLeast?: { of: readonly Predikat[]; share: number }[];
  /** At least one employee with one of these (a share with no minimum: "there must be some"). */
  some?: readonly Predikat[];
}

export const curve: Record<OrganizationResult, CurveRule> = {
  // Most (at most 70%) Sangat Baik; the rest any other predikat.
  ISTIMEWA: { largest: 'SANGAT_BAIK', atMost: [{ of: ['SANGAT_BAIK'], share: 0.7 }] },
  // Most (at most 70%) Baik; some Butuh Perbaikan and/or Kurang; the rest Sangat Baik or Sangat Kurang.
  BAIK: { largest: 'BAIK', atMost: [{ of: ['BAIK'], share: 0.7 }], some: ['BUTUH_PERBAIKAN', 'KURANG'] },
  // At least 60% Butuh Perbaikan; at most 10% Sangat Baik.
  BUTUH_PERBAIKAN: {
    atLeast: [{ of: ['BUTUH_PERBAIKAN'], share: 0.6 }],
    atMost: [{ of: ['SANGAT_BAIK'], share: 0.1 }],
  },
  // At least 60% Kurang/Misconduct; at least 10% Butuh Perbaikan; at most 10% Sangat Baik.
  KURANG: {
    atLeast: [
      { of: ['KURANG'], share: 0.6 },
      { of: ['BUTUH_PERBAIKAN'], share: 0.1 },
    ],
    atMost: [{ of: ['SANGAT_BAIK'], share: 0.1 }],
  },
  // At least 60% Sangat Kurang; at least 10% Kurang and/or Butuh Perbaikan; no Sangat Baik.
  SANGAT_KURANG: {
    atLeast: [
      { of: ['SANGAT_KURANG'], share: 0.6 },
      { of: ['KURANG', 'BUTUH_PERBAIKAN'], share: 0.1 },
    ],
    atMost: [{ of: ['SANGAT_BAIK'], share: 0 }],
  },
};

/**
 * The capaian-based suggestion for hasil kerja (a suggestion only: the appraiser chooses, and
 * both are recorded). An RHK's capaian at or above `aboveFrom` exceeds expectations, below
 * `belowUnder` falls short, in between meets them (?: configurable, no official thresholds).
 */
export const suggestion = { aboveFrom: 110, belowUnder: 90 } as const;

/** Reasons and notes are bounded: the evaluation stays well under DynamoDB's 400 KB. */
export const appraisalLimits = { notesMax: 3000, reasonMax: 2000 } as const;

/** Deadlines around the evaluations (working days in the agency's calendar). */
export const appraisalRules = {
  /** The leader signs the unit's penetapan predikat this long after the evaluations' deadline. */
  penetapanWorkingDays: 5,
} as const;
