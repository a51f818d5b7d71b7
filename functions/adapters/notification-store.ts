/** In-app notifications: one Query per inbox (the caller's, and HR's agency inbox for HR). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { validationFailed } from '#core/errors.ts';
import { ddb, tableName } from './dynamo.ts';
import { keys } from './keys.ts';

type Cursor = Record<string, string | undefined>;

export async function listNotifications(inboxes: string[], limit: number, cursor: string | undefined) {
  let starts: Cursor = {};
  if (cursor) {
    try {
      starts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw validationFailed([{ path: 'cursor', code: 'BAD_CURSOR' }]);
    }
  }
  const pages = await Promise.all(
    inboxes
      .filter((inbox) => !cursor || starts[inbox] !== undefined)
      .map(async (inbox) => {
        const out = await ddb().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': keys.inbox(inbox) },
            ScanIndexForward: false,
            Limit: limit,
            ...(starts[inbox] ? { ExclusiveStartKey: { pk: keys.inbox(inbox), sk: starts[inbox] } } : {}),
          }),
        );
        return { inbox, items: out.Items ?? [], last: out.LastEvaluatedKey?.sk as string | undefined };
      }),
  );
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => String(b.sk).localeCompare(String(a.sk)))
    .map(({ pk: _p, sk: _s, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, type: _t, ...n }) => n);
  const next = Object.fromEntries(pages.filter((p) => p.last).map((p) => [p.inbox, p.last]));
  return {
    items,
    nextCursor: Object.keys(next).length ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}
