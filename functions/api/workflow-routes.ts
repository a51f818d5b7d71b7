/** The workflow routes, merged into routes.ts. Plain data. */
import type { RouteDef } from './routes.ts';

export const workflowRoutes: readonly RouteDef[] = [
  { method: 'GET', path: '/v1/me/notifications', group: 'employees', auth: 'jwt' },
];
