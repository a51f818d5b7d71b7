/** Test helpers over the real handlers (see local/invoke.ts). */
import { randomInt } from 'node:crypto';
import { invokeRoute, tokenFor } from '#local/invoke.ts';

export type { CallOptions, CallResult } from '#local/invoke.ts';
export const call = invokeRoute;
export { tokenFor };

/** A fresh agency id per test, so test files can share the table. */
export const uniqueAgencyId = (prefix = 'inst') =>
  `${prefix}-${Date.now().toString(36)}-${randomInt(1e6).toString(36)}`;
