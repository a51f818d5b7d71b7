/**
 * Environment, read and validated once at cold start so a missing variable fails loudly.
 * Locally the runtime sets the endpoints of DynamoDB Local and s3rver; in AWS they are absent.
 */
import { z } from 'zod';

const schema = z.object({
  TABLE_NAME: z.string().min(1).default('siklus'),
  EVIDENCE_BUCKET: z.string().min(1).default('siklus-evidence'),
  REPORTS_BUCKET: z.string().min(1).default('siklus-reports'),
  AWS_REGION: z.string().default('ap-southeast-3'),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** Either a JWKS URL (Cognito, any OIDC provider) or the key set inline (local runtime). */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_JWKS: z.string().optional(),
  /** Local runtime only: the private JWK that signs dev tokens. Never set in the stack. */
  SIKLUS_DEV_SIGNING_JWK: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Siklus: missing or invalid environment variables: ${names}`);
  }
  if (!parsed.data.AUTH_JWKS_URL && !parsed.data.AUTH_JWKS) {
    throw new Error('Siklus: set AUTH_JWKS_URL (or AUTH_JWKS for the local runtime)');
  }
  cached = parsed.data;
  return cached;
}

/** Tests and the local runtime change the environment between runs. */
export function resetEnv(): void {
  cached = undefined;
}
