/**
 * Liveness and the OpenAPI document: public, no table access. The document is the committed
 * openapi.json (generated from the route definitions by `npm run openapi`; a test keeps it
 * current), bundled as data so this function does not carry every other route's code.
 */
import * as z from 'zod';
import document from '../../openapi.json' with { type: 'json' };
import { httpApi } from '../http/edge.ts';
import { defineRoute } from '../http/route.ts';

const group = 'system';
const tag = 'System';

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/health',
    group,
    tag,
    auth: 'none',
    operationId: 'health',
    summary: 'Liveness',
    responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } },
    errors: [],
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    group,
    tag,
    auth: 'none',
    operationId: 'openapi',
    summary: 'This document (OpenAPI 3.1)',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        schema: z.record(z.string(), z.unknown()),
        headers: ['cache-control'],
      },
    },
    errors: [],
    handler: async () => ({
      status: 200,
      body: document,
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  }),
];

export const handler = httpApi(routes);
