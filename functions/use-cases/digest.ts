/**
 * The daily digest: one e-mail per person per day listing that day's reminders and escalations,
 * rather than one mail per item. A day is mailed the day after it ends (UTC), so it is complete.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { workflowRules } from '#config/workflow.ts';
import { batchGetAll } from '../adapters/batch.ts';
import { ddb, tableName } from '../adapters/dynamo.ts';
import { keys } from '../adapters/keys.ts';
import { sendMail } from '../adapters/mailer.ts';
import { queryPages } from '../adapters/query.ts';
import { logger } from '../observability.ts';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stateKey = { pk: 'DIGEST', sk: 'STATE' };

interface Notice {
  pk: string;
  sk: string;
  recipient: string;
  agencyId: string;
  title: string;
  body: string;
  createdAt: string;
}

async function emails(recipients: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const people = recipients.filter((r) => !r.startsWith('HR#'));
  for (const p of await batchGetAll(people.map(keys.employee), { projection: 'nip, email' })) {
    if (p.email) out.set(p.nip as string, p.email as string);
  }
  for (const hr of recipients.filter((r) => r.startsWith('HR#'))) {
    const agency = await ddb().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.agency(hr.slice(3)),
        ProjectionExpression: 'hrEmail',
      }),
    );
    if (agency.Item?.hrEmail) out.set(hr, agency.Item.hrEmail as string);
  }
  return out;
}

export async function digest(
  now: Date,
): Promise<{ emailsSent: number; notices: number; withoutAddress: number; failed: number }> {
  const state = await ddb().send(new GetCommand({ TableName: tableName(), Key: stateKey }));
  const today = dayOf(now.getTime());
  const stats = { emailsSent: 0, notices: 0, withoutAddress: 0, failed: 0 };
  let day =
    (state.Item?.next as string | undefined) ?? dayOf(now.getTime() - workflowRules.digestLookbackDays * DAY);
  for (; day < today; day = dayOf(Date.parse(day) + DAY)) {
    const byRecipient = new Map<string, Notice[]>();
    const queue = queryPages({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :q',
      ExpressionAttributeValues: { ':q': keys.mailQueue(day) },
    });
    for await (const items of queue) {
      for (const n of items as Notice[])
        byRecipient.set(n.recipient, [...(byRecipient.get(n.recipient) ?? []), n]);
    }
    const addresses = await emails([...byRecipient.keys()]);
    for (const [recipient, notices] of byRecipient) {
      stats.notices += notices.length;
      const to = addresses.get(recipient);
      try {
        // One digest per person per day, even when this task is retried.
        await ddb().send(
          new PutCommand({
            TableName: tableName(),
            Item: { pk: `DIGEST#${recipient}`, sk: day, sentAt: now.toISOString(), count: notices.length },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        if (to) {
          await sendMail({
            id: `digest-${day}-${recipient.replace(/\W/g, '')}`,
            to,
            subject: `Siklus: ${notices.length} pengingat dan eskalasi (${day})`,
            text: [
              `Yth. Bapak/Ibu,`,
              '',
              ...notices.map((n) => `• ${n.title}\n  ${n.body}`),
              '',
              'Buka portal kinerja instansi Anda untuk menindaklanjuti.',
              '— Siklus',
            ].join('\n'),
          });
          stats.emailsSent++;
        } else stats.withoutAddress++;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) {
          // One refused address must not hold up everyone else's digest: record it and go on
          // (the in-app notifications remain).
          stats.failed++;
          await ddb().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk: `DIGEST#${recipient}`, sk: day },
              UpdateExpression: 'SET failedAt = :at, failure = :e',
              ExpressionAttributeValues: {
                ':at': now.toISOString(),
                ':e': String((err as Error).message).slice(0, 500),
              },
            }),
          );
          logger.warn('digest not sent', { recipient, day, error: (err as Error).message });
        }
      }
      // Off the queue (the in-app copy stays until its TTL).
      await Promise.all(
        notices.map((n) =>
          ddb().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk: n.pk, sk: n.sk },
              UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
            }),
          ),
        ),
      );
    }
    await ddb().send(
      new PutCommand({ TableName: tableName(), Item: { ...stateKey, next: dayOf(Date.parse(day) + DAY) } }),
    );
  }
  return stats;
}
