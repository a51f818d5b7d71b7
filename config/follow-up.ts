/**
 * What a predikat leads to (tindak lanjut), as data: the follow-up, the share of the performance
 * allowance (tukin / TPP) and the share of a functional position's yearly angka kredit
 * coefficient. Agencies set their own allowance rules (domain.md): these are the defaults.
 */
import type { Predikat } from './appraisal.ts';

export const followUps = ['PENGHARGAAN', 'TIDAK_ADA', 'PENGEMBANGAN', 'PEMBINAAN'] as const;
export type FollowUp = (typeof followUps)[number];

/**
 * Sangat Baik: recognition; Butuh Perbaikan: development (training, coaching); Kurang and Sangat
 * Kurang: guidance and, where the rules say so, sanctions (PP 30/2019 art. 56-58).
 */
export const followUpOf: Record<Predikat, FollowUp> = {
  SANGAT_BAIK: 'PENGHARGAAN',
  BAIK: 'TIDAK_ADA',
  BUTUH_PERBAIKAN: 'PENGEMBANGAN',
  KURANG: 'PEMBINAAN',
  SANGAT_KURANG: 'PEMBINAAN',
};

/** Percent of the performance allowance paid per predikat (e.g. PermenLu 3/2025; ? per agency). */
export const allowanceSharePercent: Record<Predikat, number> = {
  SANGAT_BAIK: 100,
  BAIK: 100,
  BUTUH_PERBAIKAN: 80,
  KURANG: 70,
  SANGAT_KURANG: 60,
};

/** Percent of the yearly angka kredit coefficient of a functional position (PermenPANRB 1/2023). */
export const angkaKreditSharePercent: Record<Predikat, number> = {
  SANGAT_BAIK: 150,
  BAIK: 100,
  BUTUH_PERBAIKAN: 75,
  KURANG: 50,
  SANGAT_KURANG: 25,
};
