/**
 * Everything that holds data and must outlive a redeploy: the one DynamoDB table, the evidence
 * and reports buckets (plus their access-log bucket) and the Cognito user pool that is the
 * default OIDC issuer. All of it is retained when the stack is deleted.
 *
 * The table is built from config/table.ts, the same description the local runtime uses, so the
 * deployed table and the local one can never drift.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  HttpMethods,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { reportStorage } from '#config/reports.ts';
import { projectionOf, table as tableDef } from '#config/table.ts';

/** Role groups in the default issuer; the handlers read them from the `cognito:groups` claim. */
export const userPoolGroups = ['HR', 'ADMIN'] as const;

/** Custom attribute carrying the caller's agency (claim `custom:agencyId`). */
export const agencyIdAttribute = 'agencyId';

/** Custom attribute carrying the caller's NIP (claim `custom:nip`): Cognito's `sub` is a UUID. */
export const nipAttribute = 'nip';

export class SiklusStatefulStack extends Stack {
  readonly table: Table;
  readonly evidenceBucket: Bucket;
  readonly reportsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The key that signs survey links (functions/adapters/keys.ts reads it). */
  readonly surveyLinkKey: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = this.createTable();

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      ...securedBucketProps,
      // S3 server access logging can only deliver to buckets encrypted with SSE-S3.
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(400),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access-log bucket of the evidence and reports buckets; logging it into itself would ' +
        'loop and logging it into yet another bucket only moves the finding.',
    });

    this.evidenceBucket = new Bucket(this, 'EvidenceBucket', {
      ...securedBucketProps,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'evidence/',
      // Portals upload and download evidence straight from the browser with presigned URLs.
      // Origins come from the `portalOrigins` context (comma-separated); the signature, not
      // CORS, is what protects the objects.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: String(this.node.tryGetContext('portalOrigins') ?? '*').split(','),
          allowedHeaders: ['content-type', 'content-length'],
          exposedHeaders: ['etag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.reportsBucket = new Bucket(this, 'ReportsBucket', {
      ...securedBucketProps,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'reports/',
      // HR uploads large employee imports from the portal with presigned PUTs (`imports/`).
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: String(this.node.tryGetContext('portalOrigins') ?? '*').split(','),
          allowedHeaders: ['content-type', 'content-length'],
          exposedHeaders: ['etag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        // Reports are streamed with multipart uploads; a crashed export must not leave parts behind.
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Reports can be regenerated from the table; superseded versions need not live forever.
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
        // An import file is read once by its job; the audit entry keeps its SHA-256.
        {
          id: 'expire-import-files',
          prefix: 'imports/',
          expiration: Duration.days(30),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Each purpose its own life (config/reports.ts): periodic, archive, on demand.
        ...reportLifecycleRules(),
      ],
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are provisioned by HR / admins (or federated later), never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // Messages in Bahasa Indonesia, like the API's default language.
      userInvitation: {
        emailSubject: 'Akun Siklus Anda',
        emailBody:
          'Akun Siklus Anda telah dibuat. Nama pengguna: {username}. Kata sandi sementara: {####}. ' +
          'Segera masuk dan ganti kata sandi Anda.',
      },
      userVerification: {
        emailSubject: 'Kode verifikasi Siklus',
        emailBody: 'Kode verifikasi Siklus Anda: {####}',
      },
      standardAttributes: { email: { required: true, mutable: true } },
      // Who the caller is and for which agency: set by administrators when the account is
      // created, never by the user (immutable, and not in the client's write attributes).
      customAttributes: {
        [agencyIdAttribute]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        [nipAttribute]: new StringAttribute({ minLen: 18, maxLen: 18, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per monthly active user, which at the scale of the ' +
        'national civil service (~4.3 million ASN) is not justified for the default issuer; MFA is required ' +
        'instead, and the API accepts any OIDC issuer, so agencies can bring an IdP with their own protection.',
    });

    for (const groupName of userPoolGroups) {
      this.userPool.addGroup(`Group${groupName}`, {
        groupName,
        description: `Siklus role ${groupName}`,
      });
    }

    this.userPoolClient = this.userPool.addClient('PortalClient', {
      // A browser / mobile portal: a public client, so no secret; SRP keeps the password off the wire.
      generateSecret: false,
      authFlows: { userSrp: true },
      // The user may change their e-mail and name, never the claims that authorize them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(agencyIdAttribute, nipAttribute),
      // No hosted UI yet: OAuth flows (authorization code + PKCE) are enabled together with the
      // portal's domain and callback URLs, never with a placeholder callback or the implicit flow.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    // A generated string, never in a template or an environment variable; the functions that
    // issue and open survey links read it through the Parameters and Secrets extension.
    this.surveyLinkKey = new Secret(this, 'SurveyLinkKey', {
      description: 'Siklus: signs the one-time survey links (HMAC-SHA256 over the SHA-256 of this value)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.surveyLinkKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the survey-link key would void every link still outstanding (valid 7 days, often printed); ' +
        'links carry no key version yet, so the key is changed on purpose (after a suspected leak), not on a schedule.',
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidenceBucket.bucketName });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reportsBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }

  private createTable(): Table {
    const table = new Table(this, 'Table', {
      partitionKey: { name: tableDef.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDef.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: tableDef.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of tableDef.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        ...(projectionOf(gsi)
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projectionOf(gsi)!] }
          : { projectionType: ProjectionType.ALL }),
      });
    }
    return table;
  }
}

/** The reports bucket's rules per purpose, from config/reports.ts. */
export function reportLifecycleRules(): LifecycleRule[] {
  return Object.entries(reportStorage).map(([purpose, r]) => ({
    id: `reports-${purpose.toLowerCase().replace(/_/g, '-')}`,
    prefix: r.prefix,
    transitions: [
      ...(r.infrequentAccessAfterDays
        ? [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(r.infrequentAccessAfterDays),
            },
          ]
        : []),
      ...(r.glacierAfterDays
        ? [{ storageClass: StorageClass.GLACIER, transitionAfter: Duration.days(r.glacierAfterDays) }]
        : []),
    ],
    ...(r.expireAfterDays ? { expiration: Duration.days(r.expireAfterDays) } : {}),
  }));
}

/** What every bucket of the project has in common: private, TLS-only, versioned, retained. */
const securedBucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
  autoDeleteObjects: false,
} as const satisfies BucketProps;
