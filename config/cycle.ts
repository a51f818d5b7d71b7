/**
 * The yearly cycle's calendar rules (PermenPANRB 6/2022, SE MenPANRB 3/2023, local practice).
 * Dates are month-day in the agency's zone; "deadline" means the end of that local day.
 * HR may override per cycle within the bounds.
 */
export const cycleRules = {
  /** SKP agreed by the end of January. */
  planningDeadline: { month: 1, day: 31 },
  planningDeadlineBounds: { from: { month: 1, day: 2 }, to: { month: 3, day: 31 } },
  /** A periodic evaluation is due this many working days after its period ends. */
  periodReviewWorkingDays: 10,
  periodReviewMaxDaysAfterEnd: 60,
  /** The annual evaluation: by the end of January of the next year (BKN asked 10 Jan for 2024). */
  annualReviewDeadline: { month: 1, day: 31 },
  annualReviewBounds: { from: { month: 1, day: 2 }, to: { month: 4, day: 30 } },
  /** Appeals (keberatan): days to file after the result, days for the decision (?) per domain.md. */
  appealFileDays: 14,
  appealDecideDays: 14,
  appealDaysBounds: { min: 7, max: 30 },
  /** Working days the appraiser has to approve or return a submitted SKP. */
  skpApprovalWorkingDays: 5,
  /** Working days the owner has to resubmit a returned SKP, or to submit a revision. */
  skpResubmitWorkingDays: 5,
} as const;
