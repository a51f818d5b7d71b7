/**
 * zod -> domain errors. A schema may use a message catalog code as its message (e.g.
 * `.regex(re, 'ID_FORMAT')`); those are rendered in the caller's language at the edge. Every
 * other issue keeps zod's own message in the caller's language (zod ships `id` and `en` locales).
 */
import * as z from 'zod';
// The two locales by their own modules: `z.locales` would bring all of zod's ~50 into every bundle.
import en from 'zod/v4/locales/en.js';
import id from 'zod/v4/locales/id.js';
import { limits } from '#config/limits.ts';
import { DomainError, type FieldIssue, validationFailed } from './errors.ts';
import { hasMessage, type Lang } from './messages.ts';

const locales = { id: id(), en: en() } as const;

/**
 * An unknown-fields issue names a few of them, each cut short: zod's own message names every key
 * in full, so a body of a hundred thousand keys (or one key of a megabyte of quotes, which JSON
 * and HTML escape to six times that) would come back larger than it went in, past the 6 MB a
 * Lambda may answer (finding 3 of issue 15, for every body and not only the import's).
 */
export const unknownKeysShown = 5;
const keyChars = 40;
const shortKey = (k: string) => (k.length > keyChars ? `${Array.from(k).slice(0, keyChars).join('')}…` : k);

function errorMapOf(lang: Lang): z.core.$ZodErrorMap {
  const localeError = locales[lang].localeError;
  return (issue) => {
    if (issue.code !== 'unrecognized_keys') return localeError(issue);
    const { keys } = issue;
    const shown = localeError({ ...issue, keys: keys.slice(0, unknownKeysShown).map(shortKey) });
    const text = typeof shown === 'string' ? shown : (shown?.message ?? '');
    return keys.length > unknownKeysShown ? `${text} (+${keys.length - unknownKeysShown})` : text;
  };
}
const errorMaps = { id: errorMapOf('id'), en: errorMapOf('en') } as const;

/**
 * A measured quantity (a target, a realisasi): 0, or between a millionth and 10^12. Far inside
 * what JavaScript keeps exactly (2^53) and what DynamoDB stores (magnitudes 1e-130..1e126, which
 * the SDK refuses beyond 2^53 anyway), so a crafted number is a 422 on its field, never a 500.
 */
export const measureBounds = { min: 1e-6, max: 1e12 } as const;
export const storableNumber = z
  .number()
  .finite('NUMBER_RANGE')
  .min(0, 'NUMBER_RANGE')
  .max(measureBounds.max, 'NUMBER_RANGE')
  .refine((v) => v === 0 || v >= measureBounds.min, 'NUMBER_RANGE');

/** Parse options that give zod's own messages in `lang`. */
export const parseOptions = (lang: Lang) => ({ error: errorMaps[lang], reportInput: true });

export const pathString = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  );

export function toFieldIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    // An unknown field is named itself: it is refused, never dropped.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => {
        // Cut short: a key of 100,000 characters must not come back in full (finding 3 of issue 15).
        const own = pathString([...issue.path, shortKey(key)]);
        return { path: prefix ? `${prefix}.${own}` : own, code: 'UNKNOWN_FIELD' };
      });
    const own = pathString(issue.path);
    const full = prefix ? `${prefix}${own && !own.startsWith('[') ? '.' : ''}${own}` : own || '(body)';
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      (issue as { input?: unknown }).input === undefined;
    if (missing) return [{ path: full, code: 'REQUIRED' }];
    if (hasMessage(issue.message)) return [{ path: full, code: issue.message }];
    return [{ path: full, code: issue.code.toUpperCase(), message: issue.message }];
  });
}

/**
 * Parses or throws a 422 naming each bad field, with zod's text in `lang`: the first
 * `limits.requestMaxErrors` of them, and how many there were (`count`, `total`) when there are more.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, lang: Lang): z.infer<S> {
  const result = schema.safeParse(data, parseOptions(lang));
  if (result.success) return result.data;
  throw refused(toFieldIssues(result.error.issues));
}

/** A 422 naming the first `limits.requestMaxErrors` issues, and how many there were when there are more. */
export function refused(issues: readonly FieldIssue[]): DomainError {
  if (issues.length <= limits.requestMaxErrors) return validationFailed([...issues]);
  return new DomainError(
    'UNPROCESSABLE',
    'VALIDATION_FAILED',
    { count: issues.length, total: issues.length },
    issues.slice(0, limits.requestMaxErrors),
  );
}

/** The unknown fields of a body, each named (cut short), for `refused`. */
export const unknownFields = (keys: readonly string[]): FieldIssue[] =>
  keys.map((key) => ({ path: shortKey(key), code: 'UNKNOWN_FIELD' }));
