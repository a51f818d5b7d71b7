/** Every item a Query matches, page by page (bulk reads only: imports, cycles, the digest, the sweep). */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './dynamo.ts';

export async function* queryPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: cursor }),
    );
    yield page.Items ?? [];
    cursor = page.LastEvaluatedKey;
  } while (cursor);
}
