/** The checkin routes, merged into routes.ts. Plain data. */
import type { RouteDef } from './routes.ts';

export const checkinRoutes: readonly RouteDef[] = [
  { method: 'POST', path: '/v1/skp/{skpId}/evidence', group: 'checkins', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}/evidence/{evidenceId}', group: 'checkins', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}/periods/{period}', group: 'checkins', auth: 'jwt' },
  { method: 'PUT', path: '/v1/skp/{skpId}/periods/{period}/realisasi', group: 'checkins', auth: 'jwt' },
  { method: 'PUT', path: '/v1/skp/{skpId}/periods/{period}/self-assessment', group: 'checkins', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/periods/{period}/submit', group: 'checkins', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/periods/{period}/feedback', group: 'checkins', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/periods/{period}/dialogs', group: 'checkins', auth: 'jwt' },
  { method: 'POST', path: '/v1/skp/{skpId}/periods/{period}/peer-requests', group: 'checkins', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}/periods/{period}/peer-input', group: 'checkins', auth: 'jwt' },
  { method: 'PUT', path: '/v1/skp/{skpId}/periods/{period}/peer-input', group: 'checkins', auth: 'jwt' },
  { method: 'GET', path: '/v1/skp/{skpId}/periods/{period}/audit', group: 'checkins', auth: 'jwt' },
];
