/**
 * The real local stand-ins: DynamoDB Local (Java) and s3rver, on loopback. The table and buckets
 * are created from config/table.ts, the same definition the CDK stateful stack uses.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import { projectionOf, table } from '#config/table.ts';

export const projectRoot = new URL('..', import.meta.url).pathname;
const dynamoDir = join(projectRoot, '.tools', 'dynamodb-local');

/** Local credentials: DynamoDB Local accepts any; s3rver wants these. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local; `dbPath` keeps data across restarts, none means in memory. */
export async function startDynamo(opts: { port?: number; dbPath?: string } = {}): Promise<Running> {
  const jar = join(dynamoDir, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    throw new Error(
      `DynamoDB Local is missing (${jar}). Run \`npm ci\` (or \`node local/install-dynamodb.mjs\`).`,
    );
  }
  const port = opts.port ?? (await freePort());
  const storage = opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory'];
  if (opts.dbPath) mkdirSync(opts.dbPath, { recursive: true });
  // siklus.owner names the process that started it (tests look for leftovers by it).
  const javaArgs = [
    `-Dsiklus.owner=${process.pid}`,
    `-Djava.library.path=${join(dynamoDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    jar,
    ...storage,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  let child: ChildProcess;
  try {
    // Java runs under a small shell that holds a pipe from this process: when this process goes
    // away by any path (an error, a signal, even SIGKILL), the pipe closes and the shell stops
    // Java, so no JVM is ever left behind. The shell prints Java's pid first.
    child = spawn(
      'sh',
      [
        '-c',
        'java "$@" </dev/null & j=$!; echo "$j"; read _; kill "$j" 2>/dev/null; wait "$j"',
        'siklus-dynamodb',
        ...javaArgs,
      ],
      // cwd: DynamoDB Local drops a metadata file in its working directory.
      // detached: a Ctrl-C in the terminal reaches this process, which stops Java in order.
      { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.dbPath ?? tmpdir(), detached: true },
    );
  } catch (err) {
    throw new Error(`Cannot start Java for DynamoDB Local: ${(err as Error).message}`);
  }
  let javaPid: number | undefined;
  child.stdout?.once('data', (d) => {
    javaPid = Number(String(d).trim().split('\n')[0]);
  });
  const killJava = () => {
    try {
      if (javaPid) process.kill(javaPid, 'SIGKILL');
    } catch {}
  };
  // A normal or failing exit of this process (process.exit, an uncaught error) stops Java at once.
  process.once('exit', killJava);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const failed = new Promise<never>((_, reject) => {
    child.on('error', (err) =>
      reject(
        new Error(
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'DynamoDB Local needs Java 17+, and `java` was not found. On Debian/Ubuntu: apt-get install -y default-jre-headless'
            : err.message,
        ),
      ),
    );
    child.on('exit', (code) =>
      reject(
        new Error(
          /java: (not found|No such file)/.test(stderr) || code === 127
            ? 'DynamoDB Local needs Java 17+, and `java` was not found. On Debian/Ubuntu: apt-get install -y default-jre-headless'
            : `DynamoDB Local exited (${code}): ${stderr.slice(-500)}`,
        ),
      ),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('DynamoDB Local did not become ready in 30 s');
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (err) {
    killJava();
    child.stdin?.end();
    throw err;
  }
  failed.catch(() => {});
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killJava);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Closing the pipe makes the shell stop Java (SIGTERM) and wait for it.
        child.stdin?.end();
        setTimeout(killJava, 3000).unref();
      }),
  };
}

export async function startS3(opts: {
  port?: number;
  directory: string;
  buckets: string[];
}): Promise<Running> {
  mkdirSync(opts.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port ?? (await freePort()),
    directory: opts.directory,
    silent: true,
    configureBuckets: opts.buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}

/** Creates the table (and its TTL) from config/table.ts unless it exists. */
export async function ensureTable(endpoint: string, name: string = table.name): Promise<boolean> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  try {
    const existing = await client.send(new ListTablesCommand({}));
    const attrs = new Set<string>([table.partitionKey, table.sortKey]);
    for (const g of table.globalSecondaryIndexes) attrs.add(g.partitionKey).add(g.sortKey);
    const indexOf = (g: (typeof table.globalSecondaryIndexes)[number]) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: projectionOf(g)
        ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...projectionOf(g)!] }
        : { ProjectionType: 'ALL' as const },
    });
    if (existing.TableNames?.includes(name)) {
      // A data dir from an older version: add the indexes it lacks (DynamoDB backfills them).
      const have = new Set(
        (
          (await client.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes ??
          []
        ).map((g) => g.IndexName),
      );
      for (const g of table.globalSecondaryIndexes.filter((x) => !have.has(x.indexName))) {
        await client.send(
          new UpdateTableCommand({
            TableName: name,
            AttributeDefinitions: [
              { AttributeName: g.partitionKey, AttributeType: 'S' },
              { AttributeName: g.sortKey, AttributeType: 'S' },
            ],
            GlobalSecondaryIndexUpdates: [{ Create: indexOf(g) }],
          }),
        );
      }
      return false;
    }
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.globalSecondaryIndexes.map(indexOf),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
    return true;
  } finally {
    client.destroy();
  }
}
