/** Each integration worker points the real handlers at the backend the global setup started. */
import { inject } from 'vitest';
import { resetDdb } from '#functions/adapters/dynamo.ts';
import { resetKeys } from '#functions/adapters/keys.ts';
import { resetAuth } from '#functions/auth.ts';
import { resetEnv } from '#functions/env.ts';
import { instrumentClients } from '#local/instrument.ts';

Object.assign(process.env, inject('backendEnv'));
delete process.env.AUTH_JWKS_URL;
resetEnv();
resetDdb();
resetAuth();
resetKeys();
instrumentClients();
