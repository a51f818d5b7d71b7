/**
 * Environment, read and validated once at cold start so a missing variable fails loudly.
 * Deployed (in Lambda), nothing has a default: the stack sets every name the function needs,
 * and one that is missing stops the function instead of quietly pointing it elsewhere. Locally
 * the runtime sets the endpoints of DynamoDB Local and s3rver, and the local stand-ins of the
 * scheduler, the event bus and the mailer are used where their AWS names are absent.
 */
import * as z from 'zod';

const name = z.string().min(1);

const schema = z.object({
  TABLE_NAME: name.optional(),
  EVIDENCE_BUCKET: name.optional(),
  REPORTS_BUCKET: name.optional(),
  AWS_REGION: name.optional(),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  AUTH_ISSUER: name,
  AUTH_AUDIENCE: name.optional(),
  /** Either a JWKS URL (Cognito, any OIDC provider) or the key set inline (local runtime). */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_JWKS: z.string().optional(),
  /** Local runtime only: the private JWK that signs dev tokens. Never set in the stack. */
  SIKLUS_DEV_SIGNING_JWK: z.string().optional(),
  /** AWS names of the workflow's parts (set by the stack on the functions that use them). */
  PHASE_STATE_MACHINE_ARN: name.optional(),
  SCHEDULE_GROUP: name.optional(),
  SCHEDULER_ROLE_ARN: name.optional(),
  /** Where a phase schedule puts what it could not deliver (the stack's delivery dead-letter queue). */
  SCHEDULE_DLQ_ARN: name.optional(),
  EVENT_BUS_NAME: name.optional(),
  MAIL_FROM: name.optional(),
  /** The Secrets Manager secret whose value signs survey links (set by the stack where needed). */
  SURVEY_LINK_SECRET_ID: name.optional(),
  /** Local runtime only: the survey-link key itself (base64url). Never set in the stack. */
  SURVEY_LINK_KEY: z.string().min(43).optional(),
  /** Where the public survey page is served, if not the API's own domain (a custom domain). */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Set by Lambda itself: this process is deployed. */
  AWS_LAMBDA_FUNCTION_NAME: name.optional(),
});

export type Env = z.infer<typeof schema> & {
  TABLE_NAME: string;
  EVIDENCE_BUCKET: string;
  REPORTS_BUCKET: string;
  AWS_REGION: string;
  deployed: boolean;
};

let cached: Env | undefined;

/** Local defaults: the names the local runtime creates (config/table.ts). */
const local = {
  TABLE_NAME: 'siklus',
  EVIDENCE_BUCKET: 'siklus-evidence',
  REPORTS_BUCKET: 'siklus-reports',
  AWS_REGION: 'ap-southeast-3',
};

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Siklus: missing or invalid environment variables: ${names}`);
  }
  const e = parsed.data;
  const deployed = e.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  if (deployed) {
    const missing = (
      ['TABLE_NAME', 'EVIDENCE_BUCKET', 'REPORTS_BUCKET', 'AWS_REGION', 'AUTH_JWKS_URL'] as const
    ).filter((k) => !e[k]);
    if (missing.length)
      throw new Error(`Siklus: missing environment variables in Lambda: ${missing.join(', ')}`);
    if (e.SIKLUS_DEV_SIGNING_JWK || e.AUTH_JWKS || e.SURVEY_LINK_KEY)
      throw new Error('Siklus: local-only signing keys must never be set in Lambda');
  }
  if (!e.AUTH_JWKS_URL && !e.AUTH_JWKS)
    throw new Error('Siklus: set AUTH_JWKS_URL (or AUTH_JWKS for the local runtime)');
  cached = {
    ...e,
    TABLE_NAME: e.TABLE_NAME ?? local.TABLE_NAME,
    EVIDENCE_BUCKET: e.EVIDENCE_BUCKET ?? local.EVIDENCE_BUCKET,
    REPORTS_BUCKET: e.REPORTS_BUCKET ?? local.REPORTS_BUCKET,
    AWS_REGION: e.AWS_REGION ?? local.AWS_REGION,
    deployed,
  };
  return cached;
}

/** The AWS name an adapter needs when deployed (undefined locally: use the local stand-in). */
export function awsName(
  key:
    | 'PHASE_STATE_MACHINE_ARN'
    | 'SCHEDULE_GROUP'
    | 'SCHEDULER_ROLE_ARN'
    | 'SCHEDULE_DLQ_ARN'
    | 'EVENT_BUS_NAME'
    | 'MAIL_FROM',
): string | undefined {
  const e = env();
  const value = e[key];
  if (!value && e.deployed)
    throw new Error(`Siklus: ${key} is not set on this function (the stack must grant and name it)`);
  return value;
}

/** Tests and the local runtime change the environment between runs. */
export function resetEnv(): void {
  cached = undefined;
}
