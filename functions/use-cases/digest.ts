/**
 * The daily digest: one e-mail per person per day listing that day's reminders and escalations,
 * rather than one mail per item. A day is mailed the day after it ends (UTC), so it is complete.
 */
import { workflowRules } from '#config/workflow.ts';
import { isHrInbox } from '#core/action-items.ts';
import { DomainError } from '#core/errors.ts';
import type { Deps, Doc } from '#core/ports.ts';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const state = { kind: 'MARKER' as const, id: { scope: 'DIGEST', name: 'STATE' } };
const sentMarker = (recipient: string, day: string) => ({
  kind: 'MARKER' as const,
  id: { scope: `DIGEST#${recipient}`, name: day },
});

async function emails(deps: Pick<Deps, 'store'>, recipients: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const people = recipients.filter((r) => !isHrInbox(r));
  const found = await deps.store.getMany(
    people.map((nip) => ({ kind: 'EMPLOYEE' as const, id: { nip } })),
    ['nip', 'email'],
  );
  for (const p of found) if (p?.email) out.set(String(p.nip), String(p.email));
  for (const hr of recipients.filter(isHrInbox)) {
    const agency = await deps.store.get({ kind: 'AGENCY', id: { agencyId: hr.slice(3) } }, ['hrEmail']);
    if (agency?.hrEmail) out.set(hr, String(agency.hrEmail));
  }
  return out;
}

export async function digest(
  deps: Pick<Deps, 'store' | 'mailer' | 'metrics'>,
  now: Date,
): Promise<{ emailsSent: number; notices: number; withoutAddress: number; failed: number }> {
  const marker = await deps.store.get(state);
  const today = dayOf(now.getTime());
  const stats = { emailsSent: 0, notices: 0, withoutAddress: 0, failed: 0 };
  const once = new DomainError('CONFLICT', 'DIGEST_SENT');
  let day =
    (marker?.next as string | undefined) ?? dayOf(now.getTime() - workflowRules.digestLookbackDays * DAY);
  for (; day < today; day = dayOf(Date.parse(day) + DAY)) {
    const byRecipient = new Map<string, Doc[]>();
    for await (const items of deps.store.pages({
      kind: 'NOTIFICATION',
      pattern: 'mailQueue',
      params: { day },
    })) {
      for (const n of items)
        byRecipient.set(String(n.recipient), [...(byRecipient.get(String(n.recipient)) ?? []), n]);
    }
    const addresses = await emails(deps, [...byRecipient.keys()]);
    for (const [recipient, notices] of byRecipient) {
      stats.notices += notices.length;
      const to = addresses.get(recipient);
      try {
        // One digest per person per day, even when this task is retried.
        await deps.store.commit(
          [
            {
              type: 'create',
              ref: sentMarker(recipient, day),
              doc: { sentAt: now.toISOString(), count: notices.length },
              explain: () => once,
            },
          ],
          { result: undefined },
        );
        if (to) {
          await deps.mailer.send({
            id: `digest-${day}-${recipient.replace(/\W/g, '')}`,
            to,
            subject: `Siklus: ${notices.length} pemberitahuan (${day})`,
            text: [
              'Yth. Bapak/Ibu,',
              '',
              ...notices.map((n) => `• ${n.title}\n  ${n.body}`),
              '',
              'Buka portal kinerja instansi Anda untuk menindaklanjuti.',
              '— Siklus',
            ].join('\n'),
          });
          stats.emailsSent++;
          deps.metrics.count('EmailsSent');
        } else stats.withoutAddress++;
      } catch (err) {
        if (err !== once) {
          // One refused address must not hold up everyone else's digest: record it and go on
          // (the in-app notifications remain).
          stats.failed++;
          deps.metrics.count('EmailsFailed');
          await deps.store.commit(
            [
              {
                type: 'update',
                ref: sentMarker(recipient, day),
                when: { op: 'true' },
                changes: {
                  set: { failedAt: now.toISOString(), failure: String((err as Error).message).slice(0, 500) },
                },
                explain: () => once,
              },
            ],
            { result: undefined },
          );
        }
      }
      // Off the queue (the in-app copy stays until its TTL): marked mailed, its queue index goes.
      await Promise.all(
        notices.map((n) =>
          deps.store.commit(
            [
              {
                type: 'put',
                ref: {
                  kind: 'NOTIFICATION',
                  id: {
                    recipient: String(n.recipient),
                    createdAt: String(n.createdAt),
                    noticeId: String(n.noticeId),
                  },
                },
                doc: { ...n, mailed: true },
              },
            ],
            { result: undefined },
          ),
        ),
      );
    }
    await deps.store.commit([{ type: 'put', ref: state, doc: { next: dayOf(Date.parse(day) + DAY) } }], {
      result: undefined,
    });
  }
  return stats;
}
