/**
 * Check-ins, peer requests and evidence records as items, and their reads. A check-in and its
 * peer requests share a partition and a sort-key prefix (`CHECKIN#<year>#<period>`), so one
 * Query reads the check-in with every peer answer.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditHead } from '#core/audit.ts';
import type { StoredPeerRequest } from '#core/checkin-peer.ts';
import type { CheckinFacts, NewCheckin, RealisasiEntry } from '#core/checkin.ts';
import { ddb, tableName } from './dynamo.ts';
import { keys } from './keys.ts';

export interface EvidenceRef {
  fileName: string;
  contentType: string;
  size: number;
}

export interface Dialog {
  dialogId: string;
  date: string;
  topics: string[];
  agreedActions: string[];
  coachingNote?: string;
  recordedBy: string;
  recordedByRole: 'OWNER' | 'APPRAISER';
  recordedAt: string;
}

export interface StoredCheckin extends NewCheckin {
  realisasi: RealisasiEntry[];
  evidence: Record<string, EvidenceRef>;
  selfAssessment?: { summary: string; perilaku: { value: string; text: string }[]; updatedAt: string };
  submittedAt?: string;
  feedback?: { general?: string; indicators: { indicatorId: string; text: string }[]; givenBy: string; givenAt: string };
  reviewedAt?: string;
  dialogs: Dialog[];
  pendingKind?: string;
  pendingOwner?: string;
  pendingDueAt?: string;
  escalationLevel: number;
  actionSubject: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  auditHead: AuditHead;
}

export interface EvidenceRecord extends EvidenceRef {
  evidenceId: string;
  skpId: string;
  agencyId: string;
  ownerNip: string;
  s3Key: string;
  status: 'DECLARED' | 'VERIFIED';
  declaredAt: string;
  verifiedAt?: string;
  version: number;
  auditHead: AuditHead;
}

/** Attributes that are storage, not document: keys, index keys, precomputed action-item keys. */
const hidden = new Set([
  'pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk',
  'ownerOwesKey', 'reviewOwesKey', 'reviewDueSk', 'opensAtMs', 'closesAtMs', 'indicatorIds',
]);
export const publicOf = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !hidden.has(k))) as T;

export const checkinFactsOf = (item: Record<string, unknown> | undefined): CheckinFacts | undefined =>
  item && item.type === 'CHECKIN' ? (item as unknown as CheckinFacts) : undefined;

/** The check-in and its peer requests: one Query (a second page only past 1 MB). */
export async function readCheckinWithPeers(nip: string, year: number, period: string) {
  const prefix = keys.checkinPrefix(year, period);
  let checkin: Record<string, unknown> | undefined;
  const peers: StoredPeerRequest[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.checkin(nip, year, period).pk, ':prefix': prefix },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk === prefix && item.type === 'CHECKIN') checkin = item;
      else if (item.type === 'PEER_REQUEST') peers.push(item as unknown as StoredPeerRequest);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return { checkin, peers };
}

export async function getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: key }));
  return out.Item;
}

/**
 * Several items in one BatchGetItem, returned by `pk|sk`. Keys DynamoDB leaves unprocessed
 * (throttling) are asked again; that is the only case that costs another round trip.
 */
export async function batchGet(list: { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending: Record<string, unknown>[] = [...new Map(list.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  for (let attempt = 0; pending.length && attempt < 8; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    const out = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
    for (const item of out.Responses?.[tableName()] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = (out.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  if (pending.length) throw new Error('BatchGetItem: keys left unprocessed after retries');
  return found;
}

export const keyString = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
