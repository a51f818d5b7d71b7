/**
 * How a document kind lives in the one table, described once (ElectroDB-style): its key from its
 * id, its secondary-index keys from its fields, and its named access patterns. Keys and index
 * strings are composed in these descriptions and nowhere else.
 */
import type { IndexName } from '#config/table.ts';
import type { Expr } from '#core/expr.ts';
import type { Doc } from '#core/ports.ts';

export type Key = { pk: string; sk: string };
export type IndexKeys = Partial<Record<`${IndexName}pk` | `${IndexName}sk`, string>>;

/** One Query: a partition of the table or an index, optionally narrowed on the sort key. */
export interface QuerySpec {
  index?: IndexName;
  pk: string;
  /** Sort key starts with. */
  prefix?: string;
  /** Sort key at most (inclusive). */
  upTo?: string;
  /** Newest (highest sort key) first. */
  descending?: boolean;
  /** Only these types of document (a partition may hold several kinds). */
  types?: readonly string[];
  /** Only the items this holds on (a FilterExpression: read, then left out). */
  filter?: Expr;
}

export interface Entity<Id extends object = Record<string, string | number>> {
  kind: string;
  key(id: Id): Key;
  /** The document's own id, as action items and the due index name it. */
  itemId(id: Id): string;
  /**
   * Secondary-index keys (and derived storage attributes) from the document's fields, written
   * whenever it is written whole.
   */
  indexes?(doc: Doc): IndexKeys & Record<string, string | undefined>;
  /**
   * The index keys that follow an update which sets these attributes (an update does not see the
   * whole document): `null` removes a key. Only for indexes whose keys depend on mutable fields.
   */
  reindex?(set: Readonly<Record<string, unknown>>, id: Id): Record<string, string | null>;
  /** Named access patterns. */
  patterns?: Record<string, (params: Record<string, string | number>) => QuerySpec>;
  /** Seconds since the epoch after which DynamoDB may delete the item (TTL). */
  expiresAt?(doc: Doc): number | undefined;
}

export function defineEntity<Id extends object>(e: Entity<Id>): Entity<Id> {
  return e;
}
