/**
 * What the use cases need from the world, as interfaces; functions/adapters implements them
 * (DynamoDB, S3, SES, EventBridge, Scheduler), tests and the local runtime may substitute.
 *
 * The document store speaks in documents, never in keys or expression strings: a write is a plan
 * of operations, each carrying its precondition (an expression tree) and the explanation of its
 * own refusal, committed as one transaction.
 */
import type { AuditEntry } from './audit.ts';
import type { DomainError } from './errors.ts';
import type { Changes, Expr } from './expr.ts';
import type { DocKind } from './kinds.ts';

export type Doc = Record<string, unknown>;

/** A document by its kind and the fields that identify it (the store turns them into keys). */
export interface DocRef {
  readonly kind: DocKind;
  readonly id: Readonly<Record<string, string | number>>;
}

/** Why an operation was refused, told from the document as it is now (undefined: none). */
export type Explain = (current: Doc | undefined) => DomainError;

export type TxOp =
  /** A new document; refused if one exists (or, with `when`, if it does not satisfy it). */
  | { readonly type: 'create'; readonly ref: DocRef; readonly doc: Doc; readonly explain: Explain }
  /** A document replaced whole (bulk maintenance and caches only). */
  | { readonly type: 'put'; readonly ref: DocRef; readonly doc: Doc }
  | {
      readonly type: 'update';
      readonly ref: DocRef;
      readonly when: Expr;
      readonly changes: Changes;
      readonly explain: Explain;
    }
  | { readonly type: 'check'; readonly ref: DocRef; readonly when: Expr; readonly explain: Explain }
  /** Counters, created when missing (never refused). */
  | {
      readonly type: 'increment';
      readonly ref: DocRef;
      readonly add: Readonly<Record<string, number>>;
      readonly set?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'delete'; readonly ref: DocRef; readonly when?: Expr; readonly explain?: Explain }
  /** The next entry of a document's audit chain (append-only). */
  | { readonly type: 'audit'; readonly entry: AuditEntry };

export interface IdempotencyKey {
  readonly key: string;
  readonly actorNip: string;
  /** What was asked (route, path, body): the same key with another request is refused. */
  readonly request: string;
  readonly now: Date;
}

export interface CommitOptions<R> {
  /** The outcome to return, kept with the idempotency record: a replay returns it again. */
  readonly result: R;
  readonly idempotency?: IdempotencyKey;
  /** The error when a document would grow past the store's item size. */
  readonly tooLarge?: () => DomainError;
}

export interface Page<T = Doc> {
  items: T[];
  cursor: string | null;
}

export interface ListOptions {
  readonly limit?: number;
  readonly cursor?: string | undefined;
  /** Attributes to read (all when absent). */
  readonly fields?: readonly string[];
  /** Only the documents this holds on (filtered by the store as it reads: still one Query). */
  readonly where?: Expr;
  /**
   * Pages end on whole groups (an index's items whose sort keys share the part before the first
   * `#`: a person's profile and documents), at most this many groups a page.
   */
  readonly wholeGroups?: number;
}

/** A named access pattern of a kind (see the kind's entity), with its parameters. */
export interface ListRef {
  /** A kind, or AUDIT (a document's audit chain) or STEP (the open steps over every kind). */
  readonly kind: DocKind | 'AUDIT' | 'STEP';
  readonly pattern: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface DocumentStore {
  /** One document (one read); `fields` reads only those attributes. */
  get(ref: DocRef, fields?: readonly string[]): Promise<Doc | undefined>;
  /** Several documents in one read, in the order asked (undefined where absent). */
  getMany(refs: readonly DocRef[], fields?: readonly string[]): Promise<(Doc | undefined)[]>;
  /** One page of an access pattern (one read). A crafted cursor is refused (422). */
  list(ref: ListRef, options?: ListOptions): Promise<Page>;
  /** Every page of an access pattern (bulk work only). */
  pages(ref: ListRef, options?: Omit<ListOptions, 'cursor'>): AsyncIterable<Doc[]>;
  /**
   * One transaction. Returns `result`, or the result stored by an earlier request with the same
   * idempotency key. A refused operation throws its own explanation.
   */
  commit<R>(ops: readonly TxOp[], options: CommitOptions<R>): Promise<R>;
  /**
   * The outcome stored by an earlier request with this idempotency key (undefined: none). For a
   * use case that reads and decides before its commit: a repeat of a request that succeeded
   * must answer as the first did even when what was read has moved on since.
   */
  replayOf<R>(key: IdempotencyKey): Promise<R | undefined>;
  /**
   * Bulk work that cannot be one transaction, made idempotent: the key is reserved first, a
   * repeat gets the first outcome (waiting while the first is still running), another request
   * with the same key gets 422.
   */
  bulkIdempotent<R>(key: IdempotencyKey, run: () => Promise<R>): Promise<R>;
  /**
   * One more hit on a small counter (rate limits): created when missing with `doc`'s fields and
   * its kind's TTL; returns the count after this hit. One UpdateItem, outside any transaction.
   */
  hit(ref: DocRef, doc: Doc): Promise<number>;
  /** Many independent documents at once, no transaction (bulk imports); unordered. */
  putMany(docs: readonly { ref: DocRef; doc: Doc }[], onProgress?: (written: number) => void): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Evidence files (S3 in AWS, s3rver locally). Presigned URLs are computed, not requested. */
export interface FileStore {
  presignUpload(
    key: string,
    declared: { contentType: string; size: number },
    expiresIn: number,
  ): Promise<string>;
  presignDownload(
    key: string,
    fileName: string,
    contentType: string,
    expiresIn: number,
    versionId?: string,
  ): Promise<string>;
  /** Size, type and the first bytes of what is stored at `key` (undefined: nothing). */
  observe(
    key: string,
    bytes: number,
  ): Promise<
    { versionId?: string; size: number; contentType: string | undefined; head: Uint8Array } | undefined
  >;
}

/** Import files (CSV or XLSX) uploaded for asynchronous imports: S3 in AWS, s3rver locally. */
export interface ImportFiles {
  /** A presigned PUT whose signature covers the type (text/csv) and the declared size. */
  presignUpload(key: string, size: number, expiresIn: number): Promise<string>;
  /** The bytes stored at `key`, or undefined when nothing was uploaded. */
  size(key: string): Promise<number | undefined>;
  /** The whole file as it was uploaded, or undefined. */
  read(key: string): Promise<Uint8Array | undefined>;
}

/** Which job to run. */
export interface ImportJobRef {
  agencyId: string;
  jobId: string;
}

/**
 * Runs a started import job outside the request: an event on the bus that invokes the import
 * function asynchronously (AWS), or the same code in this process after the answer (locally).
 */
export interface JobRunner {
  startImport(ref: ImportJobRef): Promise<void>;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Stable per message: the local file name, and SES's idempotent retries. */
  id: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface PeriodClosed {
  agencyId: string;
  year: number;
  phase: string;
  period?: string;
  closedAt: string;
  timeZone: string | null;
}

/** A report was asked for (HR or a unit head): the report workflow produces it. */
export interface ReportRequested {
  agencyId: string;
  reportId: string;
  requestedAt: string;
}

export interface EventBus {
  periodClosed(event: PeriodClosed): Promise<void>;
  reportRequested(event: ReportRequested): Promise<void>;
}

/** A file being written to the reports bucket, as it is produced (a multipart upload). */
export interface FileSink {
  /** Resolves once the chunk is taken (waits while too many parts are in flight). */
  write(chunk: Uint8Array): Promise<void>;
  /** The whole file is stored: its size and SHA-256 as written. */
  close(): Promise<{ bytes: number; sha256: string; versionId?: string }>;
  /** Nothing is kept (an upload that fails leaves no parts behind). */
  abort(): Promise<void>;
}

/** The reports bucket (S3 in AWS, s3rver locally). */
export interface ReportFiles {
  open(key: string, contentType: string): FileSink;
  presignDownload(
    key: string,
    fileName: string,
    contentType: string,
    expiresIn: number,
    versionId?: string,
  ): Promise<string>;
}

/** What the use cases are given: every port, built once per container. */
export interface Deps {
  store: DocumentStore;
  clock: Clock;
  files: FileStore;
  reports: ReportFiles;
  mailer: Mailer;
  events: EventBus;
  scheduler: PhaseScheduler;
  imports: ImportFiles;
  jobs: JobRunner;
  metrics: Metrics;
  keys: Keys;
  /** Random ids (short, unguessable enough for document-internal ids). */
  newId(bytes?: number): string;
}

/** Secret keys the core signs with (read once per container; never stored in the table). */
export interface Keys {
  /** The key that signs survey links (HMAC-SHA256, 32 bytes). */
  surveyLink(): Promise<Uint8Array>;
}

/** Starts each phase execution at the phase's start (EventBridge Scheduler; local schedules). */
export interface PhaseScheduler {
  schedule(runs: readonly import('./phases.ts').PhaseRun[], timeZone: string, now: Date): Promise<void>;
}

/** Business counts (Powertools Metrics in AWS): submissions, approvals, reminders, escalations. */
export type BusinessMetric =
  | 'SkpSubmitted'
  | 'SkpApproved'
  | 'SkpReturned'
  | 'CheckinSubmitted'
  | 'CheckinReviewed'
  | 'EvaluationsRated'
  | 'EvaluationsFinalized'
  | 'RemindersSent'
  | 'Escalations'
  | 'EmailsSent'
  | 'EmailsFailed'
  | 'ImportsCompleted';

export interface Metrics {
  count(name: BusinessMetric, n?: number): void;
}
