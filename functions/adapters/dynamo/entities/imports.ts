/** Asynchronous import jobs, and the employees an import stages before it commits. */
import { defineEntity } from '../entity.ts';

/** Staged items outlive a crashed import long enough to be re-applied, then DynamoDB drops them. */
const STAGE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** One job, under its agency's partition (the agency item is `AGENCY#<id>` / `AGENCY`). */
export const importJobEntity = defineEntity<{ agencyId: string; jobId: string }>({
  kind: 'IMPORT_JOB',
  key: ({ agencyId, jobId }) => ({ pk: `AGENCY#${agencyId}`, sk: `IMPORT#${jobId}` }),
  itemId: ({ agencyId, jobId }) => `${agencyId}#${jobId}`,
});

/** An employee as the import `token` will write it; read back only to finish a committed import. */
export const importStageEntity = defineEntity<{ agencyId: string; token: string; nip: string }>({
  kind: 'IMPORT_STAGE',
  key: ({ agencyId, token, nip }) => ({ pk: `IMPORT#${agencyId}#${token}`, sk: `EMP#${nip}` }),
  itemId: ({ agencyId, token, nip }) => `${agencyId}#${token}#${nip}`,
  patterns: {
    staged: ({ agencyId, token }) => ({ pk: `IMPORT#${agencyId}#${token}`, prefix: 'EMP#' }),
  },
  expiresAt: (d) => Math.floor(Date.parse(String(d.stagedAt)) / 1000) + STAGE_TTL_SECONDS,
});
