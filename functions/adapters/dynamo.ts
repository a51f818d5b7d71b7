/**
 * The DynamoDB client, built once. Every command through it is counted (`roundTrips`) so tests
 * can hold each request to its budget of round trips.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../env.ts';

export const roundTrips = { count: 0, commands: [] as string[], writes: 0 };
const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

let doc: DynamoDBDocumentClient | undefined;

export function ddb(): DynamoDBDocumentClient {
  if (doc) return doc;
  const e = env();
  const client = new DynamoDBClient({
    region: e.AWS_REGION,
    ...(e.DYNAMODB_ENDPOINT ? { endpoint: e.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: 8,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      roundTrips.count++;
      roundTrips.commands.push(context.commandName ?? 'unknown');
      if (writeCommands.test(context.commandName ?? '')) roundTrips.writes++;
      return next(args);
    },
    { step: 'initialize', name: 'siklusRoundTrips' },
  );
  doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return doc;
}

export const tableName = () => env().TABLE_NAME;

/** For tests and the local runtime, when the endpoint changes. */
export function resetDdb(): void {
  doc = undefined;
}
