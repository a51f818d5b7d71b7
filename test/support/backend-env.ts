/** Each integration worker points the real handlers at the backend the global setup started. */
import { inject } from 'vitest';
import { resetDdb } from '#functions/adapters/dynamo.ts';
import { resetKeys } from '#functions/adapters/keys.ts';
import { resetAuth } from '#functions/auth.ts';
import { resetEnv } from '#functions/env.ts';
import { instrumentClients } from '#local/instrument.ts';
import { installLocalReports } from '#local/reports.ts';

Object.assign(process.env, inject('backendEnv'));
delete process.env.AUTH_JWKS_URL;
resetEnv();
resetDdb();
resetAuth();
resetKeys();
instrumentClients();
// Requested reports are produced by the local report workflow (phase closes: only where a test asks).
installLocalReports();
