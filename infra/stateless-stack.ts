/**
 * Everything that can be thrown away and redeployed: the API functions and the HTTP API.
 *
 * Both come from plain data: one function per group of functions/api/groups.ts and one route per
 * entry of functions/api/routes.ts, the same lists the local runtime serves. Groups and routes
 * marked `localOnly` (the dev token endpoint) are never deployed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { surveyRules } from '#config/survey.ts';
import { groups as allGroups, type GroupDef } from '#functions/api/groups.ts';
import { routes as allRoutes, type RouteDef, routeKeyOf } from '#functions/api/routes.ts';
import { Alerts } from './alerts.ts';
import { ApiFunction } from './api-function.ts';
import { WorkflowResources } from './workflow-resources.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
const apiEntriesDir = join(projectRoot, 'functions', 'api');

/** Stage-wide throttling of the portal API (per route). */
export const apiThrottle = { rateLimit: 500, burstLimit: 1000 } as const;

/**
 * Throttling of each route of the public API (the survey page: no login, anyone can call), far
 * below the portal API's.
 */
export const publicRouteThrottle = surveyRules.publicRouteThrottle;

/** Why a route has no JWT authorizer (cdk-nag APIG4), by group. */
const publicReasons: Record<string, string> = {
  system:
    'public on purpose (health check / the published OpenAPI document); it reads no table or bucket and returns no personal data.',
  public:
    'the public survey page for citizens, who have no login: access is a single-use signed link of 128 random bits (only its hash is stored; an unsigned one is refused unread), ' +
    'rate-limited per link and per client in the handler, served by an API of its own throttled per route far below the portal API, ' +
    'and the function may touch only the survey partitions.',
};

export interface SiklusStatelessStackProps extends StackProps {
  table: ITable;
  evidenceBucket: IBucket;
  reportsBucket: IBucket;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  surveyLinkKey: ISecret;
  /** Defaults to functions/api/groups.ts (tests may pass variations of it). */
  groups?: readonly GroupDef[];
  /** Defaults to functions/api/routes.ts. */
  routes?: readonly RouteDef[];
}

/** The groups and routes that are deployed: everything not marked local-only. */
export function deployable(groupList: readonly GroupDef[], routeList: readonly RouteDef[]) {
  const deployedGroups = groupList.filter((g) => !g.localOnly);
  const names = new Set(deployedGroups.map((g) => g.name));
  const deployedRoutes = routeList.filter((r) => names.has(r.group));
  return { groups: deployedGroups, routes: deployedRoutes };
}

export class SiklusStatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, ApiFunction>;
  readonly workflows: WorkflowResources;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly alerts: Alerts;
  /** The citizens' side: the routes of the `public` group, on an API and stage of their own. */
  readonly publicApi: HttpApi;
  readonly publicStage: HttpStage;

  constructor(scope: Construct, id: string, props: SiklusStatelessStackProps) {
    super(scope, id, props);
    // Read the stateful stack's values with Fn::GetStackOutput instead of Export/ImportValue:
    // no named exports, and no "export in use" lock (the deadly embrace) when a stateful
    // resource is renamed or replaced. The stateful resources are retained and deletion-protected,
    // and app.ts orders the deploys, so the looser coupling costs nothing. Must precede children.
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);

    const { groups, routes } = deployable(
      props.groups ?? Object.values(allGroups),
      props.routes ?? allRoutes,
    );

    // Cognito's issuer (the `iss` of its tokens); its keys are at <issuer>/.well-known/jwks.json.
    const issuer = `https://cognito-idp.${Stack.of(props.userPool).region}.amazonaws.com/${props.userPool.userPoolId}`;
    const audience = props.userPoolClient.userPoolClientId;
    const environment = {
      TABLE_NAME: props.table.tableName,
      EVIDENCE_BUCKET: props.evidenceBucket.bucketName,
      REPORTS_BUCKET: props.reportsBucket.bucketName,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
    };

    // Whoever runs Siklus is told when something fails (infra/alerts.ts).
    this.alerts = new Alerts(this, 'Alerts');

    // The public survey page is served by an API of its own, so that its access log can leave out
    // the client's address and user agent (kept on the portal API): with the time of each answer
    // in the table, an address in the log would tie an answer to the person who gave it. No CORS:
    // the page posts to itself. The links point here (or at `-c publicBaseUrl=`, a custom domain).
    this.publicApi = new HttpApi(this, 'PublicHttpApi', {
      apiName: 'siklus-public',
      description: 'Siklus public survey page (/v1/public), no login',
      createDefaultStage: false,
    });
    const publicBaseUrl = String(this.node.tryGetContext('publicBaseUrl') ?? this.publicApi.apiEndpoint);

    const functions = new Map<string, ApiFunction>();
    for (const group of groups) {
      functions.set(
        group.name,
        new ApiFunction(this, `${pascal(group.name)}Api`, {
          group,
          entry: join(apiEntriesDir, `${group.name}.ts`),
          projectRoot,
          table: props.table,
          evidenceBucket: props.evidenceBucket,
          reportsBucket: props.reportsBucket,
          environment:
            group.name === 'surveys' ? { ...environment, PUBLIC_BASE_URL: publicBaseUrl } : environment,
          logRetention: RetentionDays.THREE_MONTHS,
          surveyLinkKey: props.surveyLinkKey,
        }),
      );
    }
    this.functions = functions;
    for (const [name, fn] of functions)
      this.alerts.watchFunction(`${pascal(name)}Api`, fn.function, `API ${name}`);
    this.alerts.watchTable(props.table);

    this.workflows = new WorkflowResources(this, 'Workflows', {
      projectRoot,
      table: props.table,
      evidenceBucket: props.evidenceBucket,
      reportsBucket: props.reportsBucket,
      environment,
      alerts: this.alerts,
    });
    const cycles = functions.get('cycles');
    if (cycles) this.workflows.allowScheduling(cycles);
    const agencies = functions.get('agencies');
    if (agencies)
      this.workflows.addImportJobs(agencies, {
        projectRoot,
        table: props.table,
        evidenceBucket: props.evidenceBucket,
        reportsBucket: props.reportsBucket,
        environment,
        alerts: this.alerts,
      });
    const reports = functions.get('reports');
    if (reports) this.workflows.allowReportRequests(reports);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'siklus',
      description: 'Siklus portal API (/v1)',
      createDefaultStage: false,
      // Agency portals call the API from their own origins (`-c portalOrigins=https://a,https://b`).
      corsPreflight: {
        allowOrigins: String(this.node.tryGetContext('portalOrigins') ?? '*').split(','),
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'accept-language'],
        exposeHeaders: ['etag', 'location', 'content-language'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      // Who called what and when: kept when the stateless stack is replaced.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    this.alerts.watchApi('ApiServerErrors', this.api, 'The portal API');

    const publicLogs = new LogGroup(this, 'PublicApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.publicStage = new HttpStage(this, 'PublicStage', {
      httpApi: this.publicApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: publicRouteThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(publicLogs),
        format: AccessLogFormat.custom(JSON.stringify(publicAccessLogFields)),
      },
    });
    this.alerts.watchApi('PublicApiServerErrors', this.publicApi, 'The public survey API');

    const jwt = new HttpJwtAuthorizer('CognitoJwt', issuer, { jwtAudience: [audience] });
    const none = new HttpNoneAuthorizer();
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const [name, fn] of functions) {
      integrations.set(name, new HttpLambdaIntegration(`${pascal(name)}Integration`, fn.function));
    }

    for (const route of routes) {
      const integration = integrations.get(route.group);
      if (!integration) throw new Error(`Route ${routeKeyOf(route)} names unknown group ${route.group}`);
      const httpRoute = new HttpRoute(
        this,
        `Route${pascal(route.method.toLowerCase())}${pathId(route.path)}`,
        {
          httpApi: route.group === 'public' ? this.publicApi : this.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: route.auth === 'jwt' ? jwt : none,
        },
      );
      if (route.auth === 'none') {
        const reason = publicReasons[route.group];
        if (!reason) throw new Error(`${routeKeyOf(route)} has no authorizer and no reviewed reason for it`);
        Validations.of(httpRoute.node.defaultChild as CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKeyOf(route)} is ${reason}`,
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'PublicUrl', { value: this.publicStage.url });
  }
}

/** JSON access log line: enough to trace a request end to end and see who made it. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  // The route, not the path (paths may carry ids; the survey page, whose path carries a token,
  // is on the public API with a log of its own).
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
};

/**
 * The public API's access log: what was asked and how it went, but not who asked (no address, no
 * user agent) and not the path (it carries the one-time token).
 */
const publicAccessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `/v1/agencies/{agencyId}/employees/import` -> `V1AgenciesByAgencyIdEmployeesImport`. */
function pathId(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith('{') ? `By${pascal(seg)}` : pascal(seg)))
    .join('');
}
