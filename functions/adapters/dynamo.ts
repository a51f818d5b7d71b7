/**
 * The DynamoDB client, built once per container, traced (an X-Ray subsegment per call). The
 * local runtime and the tests count its calls by adding middleware (local/instrument.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../env.ts';
import { tracer } from '../observability.ts';

let doc: DynamoDBDocumentClient | undefined;

export function ddb(): DynamoDBDocumentClient {
  if (doc) return doc;
  const e = env();
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      region: e.AWS_REGION,
      ...(e.DYNAMODB_ENDPOINT ? { endpoint: e.DYNAMODB_ENDPOINT } : {}),
      maxAttempts: 8,
    }),
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
