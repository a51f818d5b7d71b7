/**
 * The one DynamoDB table, as plain data: the CDK stateful stack and the local runtime both create
 * the table from this, so the two can never drift. Keys are composed only in functions/adapters.
 *
 * Access patterns (see README "Data model"):
 *  - base table   pk/sk        a document and its children (agency, employee profile, audit chain)
 *  - gsi1         gsi1pk/sk    an agency's collections: employees by unit (later SKP by year/unit)
 *  - gsi2         gsi2pk/sk    a supervisor's direct reports (later their pending items)
 *  - gsi3         gsi3pk/sk    sparse due index: action items by due-hour bucket (sweeps)
 *  - gsi4         gsi4pk/sk    a supervisor's team: each direct report's profile followed by their
 *                              SKPs and check-ins (sparse; only the attributes a team screen shows)
 */
export const table = {
  name: 'siklus',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    {
      indexName: 'gsi4',
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      /**
       * INCLUDE: a team Query reads every year's documents of the team (filtered to one year), so
       * the index keeps only what a team row shows (a few hundred bytes a document, not the content).
       */
      projection: [
        'type',
        'agencyId',
        'year',
        'nip',
        'name',
        'position',
        'unitId',
        'unitName',
        'employmentStatus',
        'skpId',
        'seq',
        'period',
        'status',
        'startMonth',
        'endMonth',
        'endReason',
        'ownerNip',
        'ownerName',
        'pendingKind',
        'pendingDueAt',
        'escalationLevel',
        'submittedAt',
        'approvedAt',
        'reviewedAt',
        'updatedAt',
      ],
    },
  ],
} as const;

/** Shards of each UTC day's bucket in the due index (gsi3): one busy day is not one hot partition. */
export const dueShards = 4;

export type IndexName = (typeof table.globalSecondaryIndexes)[number]['indexName'];

/** The attributes an index projects besides the keys (undefined: all). */
export const projectionOf = (
  index: (typeof table.globalSecondaryIndexes)[number],
): readonly string[] | undefined => ('projection' in index ? index.projection : undefined);

/** Buckets, by role. Physical names are given by the stack (AWS) or the runtime (local). */
export const buckets = {
  evidence: { localName: 'siklus-evidence' },
  reports: { localName: 'siklus-reports' },
} as const;
