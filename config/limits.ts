/** Limits that are policy, not code. */
export const limits = {
  /** Rows one employee import may hold (the HTTP API's 10 MB body fits about this many). */
  importMaxRows: 100_000,
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
