/**
 * The report reads each collection it needs as one stream of Query pages, every stream in the
 * same order (the gsi1 sort keys all start `UNIT#<unit>#<nip>`), and joins them as a merge: it
 * holds the current page of each stream and one employee's documents, never the agency. A stream
 * out of that order is a bug in an assumption, and stops the report rather than mis-join it.
 */
import type { RowGroup } from './rows.ts';

type Doc = Readonly<Record<string, unknown>>;

export type StreamName = 'employees' | 'skps' | 'checkins' | 'evaluations';

export interface Stream {
  name: StreamName;
  pages: AsyncIterable<Doc[]>;
  /** `<unitId>#<nip>` of a document: the order of its sort key. */
  key: (doc: Doc) => string;
}

/** Starts reading the next page while the current one is worked on (one page ahead). */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  // A read that fails while nobody waits for it is reported when it is awaited.
  next.catch(() => {});
  for (;;) {
    const r = await next;
    if (r.done) return;
    next = it.next();
    next.catch(() => {});
    yield r.value;
  }
}

class Cursor {
  private page: Doc[] = [];
  private i = 0;
  private done = false;
  private readonly it: AsyncIterator<Doc[]>;
  private last = '';

  constructor(readonly stream: Stream) {
    this.it = prefetched(stream.pages)[Symbol.asyncIterator]();
  }

  /** The key of the next document (undefined: the stream is over). */
  async peek(): Promise<string | undefined> {
    while (this.i >= this.page.length) {
      if (this.done) return undefined;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return undefined;
      }
      this.page = r.value;
      this.i = 0;
    }
    const key = this.stream.key(this.page[this.i]!);
    if (key < this.last)
      throw new Error(`report: ${this.stream.name} out of order at ${key} after ${this.last}`);
    this.last = key;
    return key;
  }

  take(): Doc {
    return this.page[this.i++]!;
  }
}

/** Groups of one employee's documents in one unit, in unit and NIP order. */
export async function* mergeGroups(streams: readonly Stream[]): AsyncGenerator<RowGroup> {
  const cursors = streams.map((s) => new Cursor(s));
  for (;;) {
    const keys = await Promise.all(cursors.map((c) => c.peek()));
    const present = keys.filter((k): k is string => k !== undefined);
    if (!present.length) return;
    const key = present.reduce((a, b) => (b < a ? b : a));
    const cut = key.indexOf('#');
    const group: RowGroup = {
      unitId: key.slice(0, cut),
      nip: key.slice(cut + 1),
      skps: [],
      checkins: [],
      evaluations: [],
      duties: [],
    };
    for (const [i, c] of cursors.entries()) {
      let k = keys[i];
      while (k === key) {
        const doc = c.take();
        if (c.stream.name === 'employees') group.employee = doc;
        else group[c.stream.name].push(doc);
        k = await c.peek();
      }
    }
    yield group;
  }
}

export const employeeKey = (d: Doc) => `${d.unitId}#${d.nip}`;
export const ownedKey = (d: Doc) => `${d.unitId}#${d.ownerNip}`;
