/**
 * The API's Lambda functions: one per group of routes, each a small router over `event.routeKey`.
 * The CDK stateless stack creates one function per group (entry `functions/api/<name>.ts`,
 * export `handler`) with exactly the grants listed here; the local runtime serves the same
 * routes by importing the same modules. Plain data: no CDK, no AWS imports.
 */
import { publicSurveyLeadingKeys } from '../adapters/dynamo/entities/survey.ts';

/**
 * `items`: single items and transactions only (GetItem, PutItem, UpdateItem, ConditionCheckItem),
 * no Query, no batch, no delete, and only in the partitions named by `leadingKeys`.
 */
export type TableAccess = 'none' | 'read' | 'readWrite' | 'items';

export interface GroupDef {
  /** Entry file under functions/api/, without extension. */
  name: string;
  description: string;
  table: TableAccess;
  /** Partition key patterns the function may touch (IAM `dynamodb:LeadingKeys`); required for `items`. */
  leadingKeys?: readonly string[];
  evidenceBucket: 'none' | 'read' | 'readWrite';
  reportsBucket: 'none' | 'read' | 'readWrite';
  /** Reads the survey-link key (the Secrets Manager secret that signs survey links). */
  surveyLinkKey?: boolean;
  /** Only in the local runtime; never deployed. */
  localOnly?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const groups = {
  system: {
    name: 'system',
    description: 'Health and the OpenAPI document',
    table: 'none',
    evidenceBucket: 'none',
    reportsBucket: 'none',
  },
  agencies: {
    name: 'agencies',
    description: 'Agencies and the employee import',
    table: 'readWrite',
    evidenceBucket: 'none',
    // Import files: presigned PUTs (signed with this function's rights) and the size check at start.
    reportsBucket: 'readWrite',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  employees: {
    name: 'employees',
    description: 'Employee profiles, the caller, their team and notifications (read marks)',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
  },
  cycles: {
    name: 'cycles',
    description: 'Cycles: calendar, phases and completion',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
  },
  skp: {
    name: 'skp',
    description: 'SKP documents and their lifecycle',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
  },
  checkins: {
    name: 'checkins',
    description: 'Check-ins: realisasi, evidence, feedback, dialogs and peer input',
    table: 'readWrite',
    evidenceBucket: 'readWrite',
    reportsBucket: 'none',
  },
  surveys: {
    name: 'surveys',
    description: 'Service-satisfaction survey links (QR codes) and their aggregates',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
    surveyLinkKey: true,
  },
  public: {
    name: 'public',
    description: 'The public survey page (no login): shows a one-time link and records its answer',
    table: 'items',
    leadingKeys: publicSurveyLeadingKeys,
    evidenceBucket: 'none',
    reportsBucket: 'none',
    surveyLinkKey: true,
    memoryMb: 256,
  },
  evaluations: {
    name: 'evaluations',
    description: 'Appraisal: evaluations, unit results, the curve, evaluation documents (PDF)',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
    memoryMb: 512,
  },
  appeals: {
    name: 'appeals',
    description: 'Appeals (keberatan), follow-up (tindak lanjut), the agency policy, payroll shares',
    table: 'readWrite',
    // Evidence linked to an appeal is looked at once (size, type, first bytes).
    evidenceBucket: 'read',
    reportsBucket: 'none',
  },
  reports: {
    name: 'reports',
    description:
      'Period-end reports: request, list, download links (the files are made by the report workflow)',
    table: 'readWrite',
    evidenceBucket: 'none',
    // Read: the presigned download links are signed with this function's role.
    reportsBucket: 'read',
  },
  dev: {
    name: 'dev',
    description: 'Local-only token minting',
    table: 'none',
    evidenceBucket: 'none',
    reportsBucket: 'none',
    localOnly: true,
  },
} as const satisfies Record<string, GroupDef>;

export type GroupName = keyof typeof groups;
