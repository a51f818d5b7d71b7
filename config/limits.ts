/** Limits that are policy, not code. */
export const limits = {
  /** Rows one employee import may hold (the asynchronous route: an upload to S3, then a job). */
  importMaxRows: 100_000,
  /** Bytes of one uploaded import file (100,000 rows are ~10.5 MB; room for long names). */
  importMaxBytes: 32 * 1024 * 1024,
  /**
   * Rows the synchronous route (`POST .../employees/import`) takes. API Gateway gives a request
   * 29 s; locally the import runs ~3,000 rows/s end to end (parse, validate, stage, commit, apply:
   * 100,000 rows in ~30-35 s on this 2-core machine), so 20,000 rows finish in ~7 s, with room for
   * a cold start, a slower day and re-import checks. Larger files: the asynchronous route.
   */
  importSyncMaxRows: 20_000,
  /** Row problems an import answers (the rest are counted in `total`): a 422 stays small. */
  importMaxErrors: 100,
  /** Field problems any other 422 names (the rest are counted in `total`). */
  requestMaxErrors: 100,
  /** How long an import holds its agency's lease; the async job runs for at most 15 minutes. */
  importLeaseMinutes: 16,
  /** Lifetime of the presigned PUT for an import file. */
  importUploadUrlSeconds: 15 * 60,
  /** What an uploaded XLSX may inflate to (100,000 rows of the template are about 40 MB). */
  importMaxInflatedBytes: 64 * 1024 * 1024,
  /** Lists: default and maximum page size. */
  pageDefault: 25,
  pageMax: 100,
  /** Token lifetime minted by the local dev token endpoint. */
  devTokenTtlSeconds: 12 * 60 * 60,
  /** Oldest token accepted, whatever its `exp` says (Cognito's longest access-token life is 24 h). */
  maxTokenAgeSeconds: 24 * 60 * 60,
} as const;
