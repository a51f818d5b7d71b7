/**
 * Every HTTP route, as plain data: the CDK stack wires API Gateway routes from this list, the
 * local runtime serves it, and the OpenAPI document is generated from it (functions/api/openapi.ts).
 * `routeKey` is exactly API Gateway HTTP API's: "METHOD /path/{param}".
 */
import { checkinRoutes } from './checkin-routes.ts';
import type { GroupName } from './groups.ts';
import { workflowRoutes } from './workflow-routes.ts';

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  group: GroupName;
  /** 'jwt': the API Gateway JWT authorizer guards it (and the handler verifies again). */
  auth: 'jwt' | 'none';
}

const coreRoutes = [
  { method: 'GET', path: '/health', group: 'system', auth: 'none' },
  { method: 'GET', path: '/openapi.json', group: 'system', auth: 'none' },
  { method: 'POST', path: '/v1/dev/token', group: 'dev', auth: 'none' },
  { method: 'GET', path: '/v1/dev/clock', group: 'dev', auth: 'none' },
  { method: 'POST', path: '/v1/dev/clock', group: 'dev', auth: 'none' },
  { method: 'POST', path: '/v1/agencies', group: 'agencies', auth: 'jwt' },
  { method: 'GET', path: '/v1/agencies/{agencyId}', group: 'agencies', auth: 'jwt' },
  { method: 'POST', path: '/v1/agencies/{agencyId}/employees/import', group: 'agencies', auth: 'jwt' },
  { method: 'GET', path: '/v1/employees/{nip}', group: 'employees', auth: 'jwt' },
  { method: 'GET', path: '/v1/me', group: 'employees', auth: 'jwt' },
  { method: 'GET', path: '/v1/me/action-items', group: 'skp', auth: 'jwt' },
  { method: 'POST', path: '/v1/agencies/{agencyId}/cycles', group: 'cycles', auth: 'jwt' },
  { method: 'GET', path: '/v1/agencies/{agencyId}/cycles/{year}', group: 'cycles', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp', group: 'skp', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}', group: 'skp', auth: 'jwt' },
  { method: 'GET', path: '/v1/employees/{nip}/skp', group: 'skp', auth: 'jwt' },
  { method: 'PUT', path: '/v1/skp/{skpId}', group: 'skp', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/submit', group: 'skp', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/approve', group: 'skp', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/return', group: 'skp', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/revise', group: 'skp', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}/audit', group: 'skp', auth: 'jwt' },
] as const satisfies readonly RouteDef[];

export const routes: readonly RouteDef[] = [...coreRoutes, ...checkinRoutes, ...workflowRoutes];

export const routeKeyOf = (r: RouteDef) => `${r.method} ${r.path}`;
