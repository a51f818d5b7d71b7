/** core/audit.ts: the hash-chained audit trail and its canonical JSON. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, canonicalJson, nextAuditEntry, verifyChain } from '#core/audit.ts';

const subject = 'AGENCY#kota-bukittinggi';

/** A chain of `n` entries with varied data. */
function chainOf(n: number, chainSubject = subject): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const prev = entries.at(-1);
    entries.push(
      nextAuditEntry(prev && { seq: prev.seq, hash: prev.hash }, {
        subject: chainSubject,
        action: i === 0 ? 'AGENCY_CREATED' : 'EMPLOYEES_IMPORTED',
        actorNip: `19700101199503100${i % 10}`,
        at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        data: { rows: 10 * i, created: i, nested: { sha256: `h${i}`, list: [i, 'x', null] } },
      }),
    );
  }
  return entries;
}

const clone = (es: readonly AuditEntry[]): AuditEntry[] => structuredClone(es) as AuditEntry[];

describe('nextAuditEntry', () => {
  it('starts a chain at seq 1 with no previous hash, then links each entry to the one before', () => {
    // act
    const entries = chainOf(4);
    // assess
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0]!.prevHash).toBeNull();
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(4);
  });

  it('hashes the same content the same way whatever the key order of its data', () => {
    const base = { subject, action: 'A', actorNip: '1', at: '2026-01-01T00:00:00.000Z' };
    const a = nextAuditEntry(undefined, { ...base, data: { x: 1, y: { p: 1, q: [1, 2] } } });
    const b = nextAuditEntry(undefined, { ...base, data: { y: { q: [1, 2], p: 1 }, x: 1 } });
    expect(a.hash).toBe(b.hash);
  });
});

describe('verifyChain', () => {
  it('verifies an intact chain and returns its head', () => {
    const entries = chainOf(6);
    expect(verifyChain(entries)).toEqual({ ok: true, length: 6, head: { seq: 6, hash: entries[5]!.hash } });
  });

  it('an empty chain is intact with no head', () => {
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: null });
  });

  it('still verifies after a JSON round trip that drops undefined data fields (as a store would)', () => {
    const entry = nextAuditEntry(undefined, {
      subject,
      action: 'A',
      actorNip: '1',
      at: '2026-01-01T00:00:00.000Z',
      data: { kept: 1, dropped: undefined },
    });
    const stored = JSON.parse(JSON.stringify([entry])) as AuditEntry[];
    expect(verifyChain(stored)).toMatchObject({ ok: true, length: 1 });
  });

  const contentEdits: [string, (e: AuditEntry) => void][] = [
    ['subject', (e) => (e.subject = 'AGENCY#kota-padang')],
    ['action', (e) => (e.action = 'AGENCY_DELETED')],
    ['actorNip', (e) => (e.actorNip = '199901012020011999')],
    ['at', (e) => (e.at = '2030-01-01T00:00:00.000Z')],
    ['data (replaced)', (e) => (e.data = { rows: 0 })],
    ['data (a nested value)', (e) => ((e.data as { nested: { sha256: string } }).nested.sha256 = 'forged')],
    ['data (an array element)', (e) => ((e.data as { nested: { list: unknown[] } }).nested.list[1] = 'y')],
    ['data (an added key)', (e) => ((e.data as Record<string, unknown>).extra = true)],
    ['hash', (e) => (e.hash = e.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')))],
  ];

  describe.each(contentEdits)('editing %s of any entry gives HASH_MISMATCH at its seq', (_field, edit) => {
    it.each([0, 1, 2, 3, 4])('entry #%i', (index) => {
      // prepare
      const entries = clone(chainOf(5));
      // act
      edit(entries[index]!);
      // assess
      expect(verifyChain(entries)).toEqual({ ok: false, seq: index + 1, reason: 'HASH_MISMATCH' });
    });
  });

  it('editing a seq breaks the numbering (GAP at the edited entry)', () => {
    const entries = clone(chainOf(5));
    entries[2]!.seq = 7;
    expect(verifyChain(entries)).toEqual({ ok: false, seq: 7, reason: 'GAP' });
  });

  it('editing a prevHash breaks the link (BROKEN_LINK at that entry)', () => {
    const entries = clone(chainOf(5));
    entries[3]!.prevHash = entries[1]!.hash;
    expect(verifyChain(entries)).toEqual({ ok: false, seq: 4, reason: 'BROKEN_LINK' });
    const first = clone(chainOf(3));
    first[0]!.prevHash = first[2]!.hash;
    expect(verifyChain(first)).toEqual({ ok: false, seq: 1, reason: 'BROKEN_LINK' });
  });

  it.each([
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 5],
  ])('removing entry #%i gives GAP at seq %i', (index, seq) => {
    const entries = chainOf(5);
    const cut = entries.filter((_, i) => i !== index);
    expect(verifyChain(cut)).toEqual({ ok: false, seq, reason: 'GAP' });
  });

  it('removing the last entry leaves a valid but shorter chain: compare the head with the stored head', () => {
    const entries = chainOf(5);
    const verdict = verifyChain(entries.slice(0, 4));
    expect(verdict).toEqual({ ok: true, length: 4, head: { seq: 4, hash: entries[3]!.hash } });
    expect(verdict.ok && verdict.head).not.toEqual({ seq: 5, hash: entries[4]!.hash });
  });

  it('swapping two entries is detected', () => {
    const entries = chainOf(5);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(verifyChain(swapped)).toEqual({ ok: false, seq: 3, reason: 'GAP' });
  });

  it('removing an entry and renumbering the rest gives BROKEN_LINK', () => {
    // prepare: drop seq 3, renumber 4 -> 3 and 5 -> 4
    const entries = clone(chainOf(5));
    const relinked = [entries[0]!, entries[1]!, { ...entries[3]!, seq: 3 }, { ...entries[4]!, seq: 4 }];
    // act + assess
    expect(verifyChain(relinked)).toEqual({ ok: false, seq: 3, reason: 'BROKEN_LINK' });
  });

  it('replacing an entry with a correctly hashed forgery gives BROKEN_LINK at the next one', () => {
    // prepare: a new, self-consistent entry 3 built on the real head 2
    const entries = chainOf(5);
    const forged = nextAuditEntry(
      { seq: 2, hash: entries[1]!.hash },
      {
        subject,
        action: 'EMPLOYEES_IMPORTED',
        actorNip: '199901012020011999',
        at: entries[2]!.at,
        data: { rows: 0 },
      },
    );
    const tampered = [entries[0]!, entries[1]!, forged, entries[3]!, entries[4]!];
    // act + assess
    expect(verifyChain(tampered)).toEqual({ ok: false, seq: 4, reason: 'BROKEN_LINK' });
  });

  it('an entry of another chain spliced in is detected', () => {
    const mine = chainOf(3);
    const theirs = chainOf(4, 'AGENCY#kota-padang');
    const foreign = nextAuditEntry(
      { seq: 2, hash: theirs[1]!.hash },
      { subject: 'AGENCY#kota-padang', action: 'X', actorNip: '1', at: 'now', data: null },
    );
    expect(verifyChain([mine[0]!, mine[1]!, foreign])).toEqual({ ok: false, seq: 3, reason: 'BROKEN_LINK' });
  });

  it('property: editing any content field of any entry of a random chain is caught at that seq', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.constantFrom('subject', 'action', 'actorNip', 'at'),
        fc.string({ minLength: 1 }),
        (n, pick, field, suffix) => {
          const entries = clone(chainOf(n));
          const index = pick % n;
          entries[index]![field] = `${entries[index]![field]}${suffix}`;
          expect(verifyChain(entries)).toEqual({ ok: false, seq: index + 1, reason: 'HASH_MISMATCH' });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order does not matter', () => {
    const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [{ y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('drops undefined object members, at every depth', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: 2 } })).toBe('{"a":1,"c":{"e":2}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps null members and array order; undefined in an array becomes null like JSON', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([1, undefined, 2])).toBe(JSON.stringify([1, undefined, 2]));
  });

  it('renders scalars like JSON', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(0)).toBe('0');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ 'k"ey': 1 })).toBe('{"k\\"ey":1}');
  });

  it('property: parses back to the same value as a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: rebuilding every object with its keys in reverse order gives the same text', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(reversed(v))).toBe(canonicalJson(v));
      }),
      { numRuns: 300 },
    );
  });
});
