/**
 * The CDK app (cdk.json runs `npx tsx infra/app.ts`): a stateful stack (table, buckets, user pool;
 * retained) and a stateless stack (functions, HTTP API), with cdk-nag's AwsSolutions checks on
 * both. Any unacknowledged finding fails synth.
 *
 * `buildApp()` is exported so tests can build the same stacks in-process, e.g. with
 * `new App({ context: { 'aws:cdk:bundling-stacks': [] } })` to skip esbuild.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import type { GroupDef } from '#functions/api/groups.ts';
import type { RouteDef } from '#functions/api/routes.ts';
import { SiklusNagChecks } from './nag.ts';
import { SiklusStatefulStack } from './stateful-stack.ts';
import { SiklusStatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  env?: Environment;
  /** Override the deployed groups / routes (tests); defaults to functions/api/{groups,routes}.ts. */
  groups?: readonly GroupDef[];
  routes?: readonly RouteDef[];
}

export interface SiklusApp {
  app: App;
  stateful: SiklusStatefulStack;
  stateless: SiklusStatelessStack;
  nag: SiklusNagChecks;
}

export function buildApp(app: App, options: BuildAppOptions = {}): SiklusApp {
  const env = options.env ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };

  const stateful = new SiklusStatefulStack(app, 'SiklusStateful', {
    env,
    description: 'Siklus: table, buckets and user pool (retained)',
  });

  const stateless = new SiklusStatelessStack(app, 'SiklusStateless', {
    env,
    description: 'Siklus: API functions and HTTP API',
    table: stateful.table,
    evidenceBucket: stateful.evidenceBucket,
    reportsBucket: stateful.reportsBucket,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    surveyLinkKey: stateful.surveyLinkKey,
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  stateless.addStackDependency(stateful);

  const nag = new SiklusNagChecks(app);
  Validations.of(app).addPlugins(nag);

  return { app, stateful, stateless, nag };
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const app = new App();
  buildApp(app);
  app.synth();
}
