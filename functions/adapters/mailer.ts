/**
 * E-mail: SES in AWS; locally each message is an .eml file under the data dir, so a person can
 * open what would have been sent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsName } from '../env.ts';
import { tracer } from '../observability.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Stable per message: the local file name, and SES's idempotent retries. */
  id: string;
}

export const sentLocally: Mail[] = [];
let ses: SESv2Client | undefined;

const encodeHeader = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

export async function sendMail(mail: Mail): Promise<void> {
  // Locally (no MAIL_FROM) every message is a file; deployed, MAIL_FROM is required (env.ts).
  const sender = awsName('MAIL_FROM');
  const from = sender ?? 'Siklus <no-reply@siklus.local>';
  if (sender) {
    // Loaded on first use (AWS only): every function bundles this adapter, few send with it, and
    // each SDK client package costs cold-start time to load.
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    ses ??= tracer.captureAWSv3Client(new SESv2Client({}));
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return;
  }
  sentLocally.push(mail);
  const dir = process.env.SIKLUS_MAIL_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const eml = [
    `From: ${from}`,
    `To: ${mail.to}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Message-ID: <${mail.id}@siklus.local>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.text,
  ].join('\r\n');
  writeFileSync(join(dir, `${mail.id}.eml`), eml);
}
