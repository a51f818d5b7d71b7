/**
 * One API Lambda function per group of functions/api/groups.ts: the project's bundling and runtime
 * settings in one place, an explicit log group, and exactly the grants the group declares.
 */
import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  LoggingFormat,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { table as tableDef } from '#config/table.ts';
import type { GroupDef } from '#functions/api/groups.ts';
import { acknowledgeLater, iam5ResourceFinding } from './nag.ts';

/** Defaults when a group does not set its own. */
export const functionDefaults = { memoryMb: 512, timeoutSeconds: 10 } as const;

export const lambdaRuntime = Runtime.NODEJS_22_X;

/**
 * The bundle is ESM; CommonJS dependencies that call `require` need it recreated. The alias keeps
 * the banner from clashing with a bundled `createRequire` import.
 */
export const esmRequireBanner =
  "import { createRequire as __siklusCreateRequire } from 'node:module'; const require = __siklusCreateRequire(import.meta.url);";

/**
 * DynamoDB actions per access level. Deliberately narrower than `grantReadData` /
 * `grantReadWriteData`: no `Scan` (design: no Scan on any request or workflow path), no stream
 * actions (the table has no stream), no PartiQL. `ConditionCheckItem` is what a
 * TransactWriteItems condition on another item needs.
 */
export const tableActions = {
  read: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  ],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
  /** Single items and transactions, no Query, no batch, no delete (with `leadingKeys`). */
  items: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
} as const;

/** Object-level S3 actions per access level (named one by one, no `s3:*Object*` families). */
export const bucketObjectActions = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  readWrite: [
    's3:GetObject',
    's3:GetObjectVersion',
    's3:PutObject',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
  ],
} as const;

export interface ApiFunctionProps {
  group: GroupDef;
  /** Absolute path of the entry file (exports `handler`). */
  entry: string;
  /** Directory holding package.json / package-lock.json (esbuild's working directory). */
  projectRoot: string;
  table: ITable;
  evidenceBucket: IBucket;
  reportsBucket: IBucket;
  /** Environment shared by every API function (table, buckets, auth). */
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /**
   * For functions invoked asynchronously (schedules, rules): where an event goes once Lambda's
   * retries (`asyncRetries`, default 2) are spent, instead of only into the log.
   */
  deadLetterQueue?: IQueue;
  asyncRetries?: number;
  /** Read by the groups that sign or check survey links (`surveyLinkKey: true`), and only by them. */
  surveyLinkKey?: ISecret;
}

export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { group } = props;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      // Function logs are operational; the audit trail lives in the table.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole (a managed policy that may write to any
    // log group): this function may write to its own log group and nothing else.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Siklus API function ${group.name}`,
    });
    this.logGroup.grantWrite(this.role);

    const keyOf = group.surveyLinkKey ? props.surveyLinkKey : undefined;
    if (group.surveyLinkKey && !keyOf) throw new Error(`Group ${group.name} needs the survey-link key`);

    this.function = new NodejsFunction(this, 'Function', {
      description: `Siklus API: ${group.description}`,
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: group.memoryMb ?? functionDefaults.memoryMb,
      timeout: Duration.seconds(group.timeoutSeconds ?? functionDefaults.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      // X-Ray, as the state machine: a trace per invocation, the Tracer adds the handler and every SDK call.
      tracing: Tracing.ACTIVE,
      ...(props.deadLetterQueue
        ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: props.asyncRetries ?? 2 }
        : {}),
      // The AWS Parameters and Secrets extension serves the key on localhost (and caches it).
      ...(keyOf
        ? { paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103) }
        : {}),
      environment: {
        ...props.environment,
        ...(keyOf ? { SURVEY_LINK_SECRET_ID: keyOf.secretArn } : {}),
        POWERTOOLS_SERVICE_NAME: 'siklus',
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // Lambda runs nodejs22.x; node20 output also runs on the local runtime's oldest Node.
        target: 'node20',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        // The nodejs22.x runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the local runtime and the tests run Node 22, and the bundle targets ' +
        'node20 so the same artefact runs everywhere; moving to nodejs24.x is a deliberate, tested upgrade.',
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, ' +
        'so CDK grants them on "*" (the only actions on "*" in this role).',
    });

    keyOf?.grantRead(this.role);
    this.grantTable(props.table, group.table, group.leadingKeys);
    this.grantBucket(props.evidenceBucket, group.evidenceBucket);
    this.grantBucket(props.reportsBucket, group.reportsBucket);
  }

  /**
   * The table and each GSI of config/table.ts by name: no `index/*` wildcard, so nothing to
   * suppress, and a new index has to be added to the config (which is the only place it can be).
   */
  private grantTable(table: ITable, access: GroupDef['table'], leadingKeys?: readonly string[]): void {
    if (access === 'none') return;
    if (access === 'items') {
      if (!leadingKeys?.length)
        throw new Error('table access `items` needs the leadingKeys it is limited to');
      // The table only (no index is queried), and only items whose partition key matches.
      this.function.addToRolePolicy(
        new PolicyStatement({
          sid: 'TableItemsInOwnPartitions',
          actions: [...tableActions.items],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...leadingKeys] } },
        }),
      );
      return;
    }
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: access === 'read' ? 'TableRead' : 'TableReadWrite',
        actions: [...tableActions[access]],
        resources: [
          table.tableArn,
          ...tableDef.globalSecondaryIndexes.map((gsi) => `${table.tableArn}/index/${gsi.indexName}`),
        ],
      }),
    );
  }

  private grantBucket(bucket: IBucket, access: GroupDef['evidenceBucket']): void {
    if (access === 'none') return;
    const objects = bucket.arnForObjects('*');
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: [...bucketObjectActions[access]], resources: [objects] }),
    );
    // Listing (and HEAD of a missing key returning 404 rather than 403) needs ListBucket.
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );

    const role = this.role;
    acknowledgeLater(role, () => ({
      id: iam5ResourceFinding(role, objects),
      reason:
        `Object keys are data (one key per evidence file / report), so object-level actions ` +
        `(${bucketObjectActions[access].join(', ')}) must name <bucket>/*; the bucket itself is one specific bucket ` +
        `and the actions are listed one by one.`,
    }));
  }
}
