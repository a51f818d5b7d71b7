/** The environment fails loudly when deployed and something is missing; locally it has defaults. */
import { afterEach, describe, expect, it } from 'vitest';
import { awsName, env, resetEnv } from '#functions/env.ts';

const saved = { ...process.env };
const use = (vars: Record<string, string | undefined>) => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnv();
};
afterEach(() => use({}));

const lambda = {
  AWS_LAMBDA_FUNCTION_NAME: 'siklus-skp',
  TABLE_NAME: 'SiklusStateful-Table',
  EVIDENCE_BUCKET: 'evidence-123',
  REPORTS_BUCKET: 'reports-123',
  AWS_REGION: 'ap-southeast-3',
  AUTH_ISSUER: 'https://cognito-idp.ap-southeast-3.amazonaws.com/pool',
  AUTH_JWKS_URL: 'https://cognito-idp.ap-southeast-3.amazonaws.com/pool/.well-known/jwks.json',
  AUTH_JWKS: undefined,
  SIKLUS_DEV_SIGNING_JWK: undefined,
  SURVEY_LINK_KEY: undefined,
  DYNAMODB_ENDPOINT: undefined,
};

describe('env', () => {
  it('in Lambda: every name is required, none defaulted', () => {
    use(lambda);
    expect(env()).toMatchObject({ TABLE_NAME: 'SiklusStateful-Table', deployed: true });
    for (const missing of ['TABLE_NAME', 'EVIDENCE_BUCKET', 'REPORTS_BUCKET', 'AUTH_JWKS_URL']) {
      use({ ...lambda, [missing]: undefined });
      expect(() => env(), missing).toThrow(new RegExp(missing));
    }
  });

  it('in Lambda: the local signing keys are refused, and an adapter without its AWS name stops', () => {
    use({ ...lambda, SIKLUS_DEV_SIGNING_JWK: '{}' });
    expect(() => env()).toThrow(/local-only/);
    use({ ...lambda, SURVEY_LINK_KEY: 'k'.repeat(43) });
    expect(() => env()).toThrow(/local-only/);
    use(lambda);
    expect(() => awsName('EVENT_BUS_NAME')).toThrow(/EVENT_BUS_NAME/);
    use({ ...lambda, EVENT_BUS_NAME: 'siklus-events' });
    expect(awsName('EVENT_BUS_NAME')).toBe('siklus-events');
  });

  it('locally: the names the local runtime creates, and no AWS names (the local stand-ins)', () => {
    use({
      AWS_LAMBDA_FUNCTION_NAME: undefined,
      TABLE_NAME: undefined,
      AUTH_ISSUER: 'https://siklus.local/issuer',
      AUTH_JWKS: '{"keys":[]}',
      EVENT_BUS_NAME: undefined,
    });
    expect(env()).toMatchObject({ TABLE_NAME: 'siklus', deployed: false });
    expect(awsName('EVENT_BUS_NAME')).toBeUndefined();
  });
});
