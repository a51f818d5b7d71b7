/**
 * Every HTTP route, from the route definitions of each group: the CDK stack wires API Gateway
 * routes from this list, the local runtime serves it, and the OpenAPI document is generated
 * from it. Each Lambda function carries only its own group's routes (functions/api/<group>.ts).
 */
import type { AnyRoute } from '../http/route.ts';
import { routes as agencies } from './agencies.ts';
import { routes as appeals } from './appeals.ts';
import { routes as checkins } from './checkins.ts';
import { routes as cycles } from './cycles.ts';
import { routes as dev } from './dev.ts';
import { routes as employees } from './employees.ts';
import { routes as evaluations } from './evaluations.ts';
import { routes as publicSurveys } from './public.ts';
import { routes as reports } from './reports.ts';
import { routes as skp } from './skp.ts';
import { routes as surveys } from './surveys.ts';
import { routes as system } from './system.ts';

export const routes: readonly AnyRoute[] = [
  ...system,
  ...dev,
  ...agencies,
  ...employees,
  ...cycles,
  ...skp,
  ...checkins,
  ...evaluations,
  ...reports,
  ...surveys,
  ...publicSurveys,
  ...appeals,
];

export { routeKeyOf } from '../http/route.ts';
export type RouteDef = Pick<AnyRoute, 'method' | 'path' | 'group' | 'auth'>;
