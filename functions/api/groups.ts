/**
 * The API's Lambda functions: one per group of routes, each a small router over `event.routeKey`.
 * The CDK stateless stack creates one function per group (entry `functions/api/<name>.ts`,
 * export `handler`) with exactly the grants listed here; the local runtime serves the same
 * routes by importing the same modules. Plain data: no CDK, no AWS imports.
 */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface GroupDef {
  /** Entry file under functions/api/, without extension. */
  name: string;
  description: string;
  table: TableAccess;
  evidenceBucket: 'none' | 'read' | 'readWrite';
  reportsBucket: 'none' | 'read' | 'readWrite';
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
    reportsBucket: 'none',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  employees: {
    name: 'employees',
    description: 'Employee profiles and the caller',
    table: 'read',
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
  evaluations: {
    name: 'evaluations',
    description: 'Appraisal: evaluations, unit results, the curve, evaluation documents (PDF)',
    table: 'readWrite',
    evidenceBucket: 'none',
    reportsBucket: 'none',
    memoryMb: 512,
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
