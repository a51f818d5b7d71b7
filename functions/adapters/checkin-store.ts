/**
 * Check-ins, peer requests and evidence records as items, and their reads. A check-in and its
 * peer requests share a partition and a sort-key prefix (`CHECKIN#<year>#<period>`), so one
 * Query reads the check-in with every peer answer.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditHead } from '#core/audit.ts';
import type { CheckinFacts, NewCheckin, RealisasiEntry } from '#core/checkin.ts';
import type { StoredPeerRequest } from '#core/checkin-peer.ts';
import { batchGetAll } from './batch.ts';
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
  feedback?: {
    general?: string;
    indicators: { indicatorId: string; text: string }[];
    givenBy: string;
    givenAt: string;
  };
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
  /** The S3 object version that was checked; downloads are pinned to it. */
  verifiedVersionId?: string;
  version: number;
  auditHead: AuditHead;
}

/** Attributes that are storage, not document: keys, index keys, precomputed action-item keys. */
const hidden = new Set([
  'pk',
  'sk',
  'type',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'ownerOwesKey',
  'reviewOwesKey',
  'reviewDueSk',
  'opensAtMs',
  'closesAtMs',
  'indicatorIds',
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
 * Several items in one BatchGetItem (up to 100 keys; keys left unprocessed under throttling are
 * asked again, the only case that costs another round trip), returned by `pk|sk`.
 */
export async function batchGet(
  list: { pk: string; sk: string }[],
): Promise<Map<string, Record<string, unknown>>> {
  // DynamoDB refuses a request that names the same key twice.
  const unique = [...new Map(list.map((k) => [keyString(k), k])).values()];
  const items = await batchGetAll(unique);
  return new Map(items.map((item) => [keyString(item as { pk: string; sk: string }), item]));
}

export const keyString = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
