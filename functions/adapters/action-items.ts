/**
 * The action-item contract's attributes (see README "Data model"): a step someone owes lives on
 * its document; taking the step removes exactly these, from both indexes.
 */
export const stepAttributes = [
  'pendingKind',
  'pendingOwner',
  'pendingDueAt',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'nextActionAt',
  'remindersSent',
] as const;
