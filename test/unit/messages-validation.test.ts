/** core/messages.ts, core/validation.ts and the agency input schema (core/agency.ts). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agencyInput, newAgency, timeZones } from '#core/agency.ts';
import { DomainError, type FieldIssue, httpStatusOf } from '#core/errors.ts';
import { hasMessage, langFrom, render } from '#core/messages.ts';
import { parseOrThrow, pathString, toFieldIssues } from '#core/validation.ts';

/** parseOrThrow that must throw: the DomainError. */
function rejection(schema: z.ZodType, data: unknown, lang: 'id' | 'en'): DomainError {
  try {
    parseOrThrow(schema, data, lang);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected parseOrThrow to throw');
}

const issueAt = (err: DomainError, path: string): FieldIssue | undefined =>
  err.issues.find((i) => i.path === path);

describe('langFrom', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['  en-AU , id;q=0.5', 'en'],
    ['id', 'id'],
    ['id-ID,en;q=0.8', 'id'],
    ['fr', 'id'],
    // By q-value, not by position: French is not offered, English is acceptable.
    ['fr-FR,en;q=0.9', 'en'],
    ['*', 'id'],
    ['', 'id'],
    [undefined, 'id'],
  ])('%j -> %s', (header, lang) => {
    expect(langFrom(header)).toBe(lang);
  });
});

describe('render', () => {
  it('fills params in the chosen language', () => {
    expect(render('DUPLICATE_NIP', 'en', { nip: '198609262015051001', otherRow: 7 })).toBe(
      'NIP 198609262015051001 appears more than once (also row 7).',
    );
    expect(render('DUPLICATE_NIP', 'id', { nip: '198609262015051001', otherRow: 7 })).toBe(
      'NIP 198609262015051001 muncul lebih dari sekali (juga di baris 7).',
    );
  });

  it('fills several params, each where it belongs', () => {
    expect(render('UNIT_NAME_MISMATCH', 'en', { unitId: 'dinkes', a: 'Dinas Kesehatan', b: 'Dinkes' })).toBe(
      'Unit dinkes has two different names: "Dinas Kesehatan" and "Dinkes".',
    );
  });

  it('leaves a placeholder whose param is missing, and does not expand braces inside values', () => {
    expect(render('AGENCY_NOT_FOUND', 'en')).toBe('Agency {agencyId} not found.');
    expect(render('AGENCY_NOT_FOUND', 'en', { agencyId: '{nip}' })).toBe('Agency {nip} not found.');
  });

  it('renders a number param of 0', () => {
    expect(render('VALIDATION_FAILED', 'en', { count: 0 })).toBe('The request is invalid (0 problems).');
  });

  it('falls back to the code itself for an unknown code', () => {
    expect(render('NO_SUCH_CODE', 'id')).toBe('NO_SUCH_CODE');
    expect(hasMessage('NO_SUCH_CODE')).toBe(false);
    expect(hasMessage('NIP_FORMAT')).toBe(true);
  });

  it('has a title for every error kind, in both languages', () => {
    for (const kind of Object.keys(httpStatusOf)) {
      expect(hasMessage(`TITLE_${kind}`)).toBe(true);
      expect(render(`TITLE_${kind}`, 'id')).not.toBe(render(`TITLE_${kind}`, 'en'));
    }
  });
});

describe('pathString', () => {
  it.each([
    [[], ''],
    [['name'], 'name'],
    [['rhk', 0, 'text'], 'rhk[0].text'],
    [['rhk', 0, 'iki', 2, 'target'], 'rhk[0].iki[2].target'],
    [['matrix', 1, 2], 'matrix[1][2]'],
    [[0, 'x'], '[0].x'],
  ] as [PropertyKey[], string][])('%j -> %s', (path, text) => {
    expect(pathString(path)).toBe(text);
  });
});

describe('parseOrThrow', () => {
  const skp = z.object({
    nip: z.string().regex(/^\d{18}$/, 'NIP_FORMAT'),
    year: z.number().int(),
    rhk: z.array(z.object({ text: z.string().min(3), kind: z.enum(['UTAMA', 'TAMBAHAN']) })),
  });
  const good = { nip: '198609262015051001', year: 2026, rhk: [{ text: 'Laporan', kind: 'UTAMA' }] };

  it('returns the parsed data when valid (with transforms applied)', () => {
    expect(parseOrThrow(skp, good, 'id')).toEqual(good);
    expect(parseOrThrow(z.object({ name: z.string().trim() }), { name: '  Andi ' }, 'en')).toEqual({
      name: 'Andi',
    });
  });

  it('throws a 422 DomainError naming every bad field', () => {
    // act
    const err = rejection(
      skp,
      {
        nip: 'x',
        rhk: [
          { text: 'ok!', kind: 'LAIN' },
          { text: 'a', kind: 'UTAMA' },
        ],
      },
      'en',
    );
    // assess
    expect(err).toBeInstanceOf(DomainError);
    expect(err.kind).toBe('UNPROCESSABLE');
    expect(httpStatusOf[err.kind]).toBe(422);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.params).toEqual({ count: 4 });
    expect(err.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'nip:NIP_FORMAT',
      'year:REQUIRED',
      'rhk[0].kind:INVALID_VALUE',
      'rhk[1].text:TOO_SMALL',
    ]);
  });

  it('a catalog code used as the message becomes the issue code, with no pre-rendered text', () => {
    const err = rejection(skp, { ...good, nip: '123' }, 'id');
    expect(err.issues).toEqual([{ path: 'nip', code: 'NIP_FORMAT' }]);
  });

  it('a missing field is REQUIRED; a present field of the wrong type or null is not', () => {
    const err = rejection(skp, { nip: good.nip, year: '2026', rhk: null }, 'en');
    expect(issueAt(err, 'year')?.code).toBe('INVALID_TYPE');
    expect(issueAt(err, 'rhk')?.code).toBe('INVALID_TYPE');
    const missing = rejection(skp, { nip: good.nip }, 'en');
    expect(missing.issues).toEqual([
      { path: 'year', code: 'REQUIRED' },
      { path: 'rhk', code: 'REQUIRED' },
    ]);
  });

  // Was a bug (fixed): a missing enum field is reported as INVALID_VALUE ("Invalid option: expected one of
  // ...") instead of REQUIRED: toFieldIssues maps only `invalid_type` issues with an undefined
  // input to REQUIRED, but zod 4 reports a missing enum as `invalid_value`. Same for agencyInput's
  // `periodicity` (and `timeZone`, which becomes TIME_ZONE).
  it('a missing enum field is REQUIRED too', () => {
    const err = rejection(z.object({ kind: z.enum(['UTAMA', 'TAMBAHAN']) }), {}, 'en');
    expect(err.issues).toEqual([{ path: 'kind', code: 'REQUIRED' }]);
  });

  it('a top-level problem has the path (body)', () => {
    const err = rejection(skp, 'not an object', 'en');
    expect(err.issues).toMatchObject([{ path: '(body)', code: 'INVALID_TYPE' }]);
  });

  it('keeps zod’s own message in Indonesian or English, by lang', () => {
    const bad = { ...good, rhk: [{ text: 'a', kind: 'UTAMA' }] };
    // act
    const id = issueAt(rejection(skp, bad, 'id'), 'rhk[0].text');
    const en = issueAt(rejection(skp, bad, 'en'), 'rhk[0].text');
    // assess
    expect(id?.code).toBe('TOO_SMALL');
    expect(en?.code).toBe('TOO_SMALL');
    expect(en?.message).toMatch(/too small/i);
    expect(id?.message).toMatch(/terlalu kecil/i);
    expect(id?.message).not.toBe(en?.message);
  });

  it('unknown fields are each named (issue 13), the first 100 of them, each cut at 40 characters (issue 15)', () => {
    const strict = z.object({ a: z.string() }).strict();
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]));
    for (const lang of ['id', 'en'] as const) {
      const err = rejection(strict, { a: 'x', ...many }, lang);
      expect(err.issues).toHaveLength(100);
      expect(err.params).toMatchObject({ total: 100_000 });
      expect(err.issues[0]).toEqual({ path: 'k0', code: 'UNKNOWN_FIELD' });
      expect(err.issues.at(-1)).toEqual({ path: 'k99', code: 'UNKNOWN_FIELD' });
    }
    // One key of 100,000 characters that JSON escapes: its name comes back short.
    const long = rejection(strict, { a: 'x', ['"'.repeat(100_000)]: 1 }, 'en');
    expect(long.issues).toEqual([{ path: `${'"'.repeat(40)}…`, code: 'UNKNOWN_FIELD' }]);
    expect(JSON.stringify(long.issues).length).toBeLessThan(400);
    // A few short unknown keys are named as sent.
    expect(rejection(strict, { a: 'x', b: 1 }, 'en').issues).toEqual([{ path: 'b', code: 'UNKNOWN_FIELD' }]);
  });

  it('names the first 100 problems and counts them all (total)', () => {
    const rows = z.array(z.object({ n: z.number() })).max(1000);
    const err = rejection(
      rows,
      Array.from({ length: 250 }, () => ({ n: 'x' })),
      'en',
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues).toHaveLength(100);
    expect(err.issues[0]!.path).toBe('[0].n');
    expect(err.params).toEqual({ count: 250, total: 250 });
    // At the limit nothing is cut and there is no total.
    const hundred = rejection(
      rows,
      Array.from({ length: 100 }, () => ({ n: 'x' })),
      'en',
    );
    expect(hundred.issues).toHaveLength(100);
    expect(hundred.params).toEqual({ count: 100 });
  });

  it('does not change zod’s global locale for later parses', () => {
    rejection(skp, { ...good, year: 'x' }, 'id');
    const en = issueAt(rejection(skp, { ...good, year: 'x' }, 'en'), 'year');
    expect(en?.message).toMatch(/expected number/i);
  });
});

describe('toFieldIssues with a prefix', () => {
  const issuesOf = (schema: z.ZodType, data: unknown) => {
    const r = schema.safeParse(data, { reportInput: true });
    if (r.success) throw new Error('expected a failure');
    return r.error.issues;
  };

  it('prefixes a named path with a dot', () => {
    const issues = issuesOf(z.object({ name: z.string().min(1, 'REQUIRED') }), { name: '' });
    expect(toFieldIssues(issues, 'body')).toEqual([{ path: 'body.name', code: 'REQUIRED' }]);
  });

  it('uses the prefix alone for a top-level issue', () => {
    const issues = issuesOf(z.string().regex(/^\d{18}$/, 'NIP_FORMAT'), 'x');
    expect(toFieldIssues(issues, 'supervisorNip')).toEqual([{ path: 'supervisorNip', code: 'NIP_FORMAT' }]);
  });

  // Was a bug (fixed): toFieldIssues joins prefix and path with a dot even when the path starts with an array
  // index, giving `items.[0].x` instead of the bracket form `items[0].x` that pathString uses.
  it('prefixes an array path in bracket form (items[0].x)', () => {
    const issues = issuesOf(z.array(z.object({ x: z.number() })), [{}]);
    expect(toFieldIssues(issues, 'items')).toEqual([{ path: 'items[0].x', code: 'REQUIRED' }]);
  });
});

describe('agencyInput', () => {
  const good = {
    agencyId: 'kota-makassar',
    name: 'Pemerintah Kota Makassar',
    timeZone: 'Asia/Makassar',
    periodicity: 'QUARTERLY',
  };

  it('accepts a valid agency and trims the name', () => {
    expect(parseOrThrow(agencyInput, { ...good, name: '  Pemerintah Kota Makassar ' }, 'id')).toEqual(good);
  });

  it.each(timeZones.map((tz) => [tz]))('accepts the zone %s', (timeZone) => {
    expect(parseOrThrow(agencyInput, { ...good, timeZone }, 'id').timeZone).toBe(timeZone);
  });

  it.each(['Europe/Paris', 'Asia/Singapore', 'asia/jakarta', 'WIB', 'UTC+7', ''])(
    'refuses the zone %j with TIME_ZONE',
    (timeZone) => {
      const err = rejection(agencyInput, { ...good, timeZone }, 'en');
      expect(err.issues).toEqual([{ path: 'timeZone', code: 'TIME_ZONE' }]);
    },
  );

  it.each(['ab', 'kota-makassar', '0-9', 'a'.repeat(40), 'kab-50-kota'])('accepts the id %j', (agencyId) => {
    expect(parseOrThrow(agencyInput, { ...good, agencyId }, 'id').agencyId).toBe(agencyId);
  });

  it.each([
    'Bad Id',
    'a',
    'a'.repeat(41),
    '-abc',
    'Kota-makassar',
    'kota_makassar',
    'kota.makassar',
    'kota makassar',
    '',
  ])('refuses the id %j with ID_FORMAT', (agencyId) => {
    const err = rejection(agencyInput, { ...good, agencyId }, 'en');
    expect(err.issues).toEqual([{ path: 'agencyId', code: 'ID_FORMAT' }]);
  });

  it('rejects extra keys', () => {
    const err = rejection(agencyInput, { ...good, extra: 1, employeeCount: 5 }, 'en');
    // Each unknown field is named: refused, never dropped.
    expect(err.issues).toEqual([
      { path: 'extra', code: 'UNKNOWN_FIELD' },
      { path: 'employeeCount', code: 'UNKNOWN_FIELD' },
    ]);
  });

  it('names every bad field at once', () => {
    const err = rejection(
      agencyInput,
      { agencyId: 'Bad Id', name: ' ', timeZone: 'Europe/Paris', periodicity: 'WEEKLY', x: 1 },
      'id',
    );
    expect(err.issues.map((i) => `${i.path}:${i.code}`).sort()).toEqual([
      'agencyId:ID_FORMAT',
      'name:TOO_SMALL',
      'periodicity:INVALID_VALUE',
      'timeZone:TIME_ZONE',
      'x:UNKNOWN_FIELD',
    ]);
  });

  it('reports missing string fields as REQUIRED', () => {
    const err = rejection(agencyInput, {}, 'en');
    expect(err.issues.map((i) => i.path)).toEqual(['agencyId', 'name', 'timeZone', 'periodicity']);
    expect(issueAt(err, 'agencyId')).toEqual({ path: 'agencyId', code: 'REQUIRED' });
    expect(issueAt(err, 'name')).toEqual({ path: 'name', code: 'REQUIRED' });
  });

  // Was a bug (fixed): see parseOrThrow above: a missing enum is not REQUIRED (periodicity -> INVALID_VALUE).
  it('reports a missing periodicity as REQUIRED', () => {
    const { periodicity: _p, ...rest } = good;
    const err = rejection(agencyInput, rest, 'en');
    expect(err.issues).toEqual([{ path: 'periodicity', code: 'REQUIRED' }]);
  });

  it('newAgency starts at version 1 with no employees', () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    expect(newAgency(good as z.infer<typeof agencyInput>, '197001011995031001', now)).toEqual({
      ...good,
      version: 1,
      createdAt: '2026-01-02T03:04:05.000Z',
      createdBy: '197001011995031001',
      employeeCount: 0,
    });
  });
});
