/** The checkin routes, merged into routes.ts. Plain data. */
import type { RouteDef } from './routes.ts';

export const checkinRoutes: readonly RouteDef[] = [];
