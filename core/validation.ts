/**
 * zod -> domain errors. A schema may use a message catalog code as its message (e.g.
 * `.regex(re, 'ID_FORMAT')`); those are rendered in the caller's language at the edge. Every
 * other issue keeps zod's own message in the caller's language (zod ships `id` and `en` locales).
 */
import * as z from 'zod';
// The two locales by their own modules: `z.locales` would bring all of zod's ~50 into every bundle.
import en from 'zod/v4/locales/en.js';
import id from 'zod/v4/locales/id.js';
import { type FieldIssue, validationFailed } from './errors.ts';
import { hasMessage, type Lang } from './messages.ts';

const locales = { id: id(), en: en() } as const;

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
export const parseOptions = (lang: Lang) => ({ error: locales[lang].localeError, reportInput: true });

export const pathString = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  );

export function toFieldIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  return issues.map((issue) => {
    const own = pathString(issue.path);
    const full = prefix ? `${prefix}${own && !own.startsWith('[') ? '.' : ''}${own}` : own || '(body)';
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      (issue as { input?: unknown }).input === undefined;
    if (missing) return { path: full, code: 'REQUIRED' };
    if (hasMessage(issue.message)) return { path: full, code: issue.message };
    return { path: full, code: issue.code.toUpperCase(), message: issue.message };
  });
}

/** Parses or throws a 422 naming every bad field, with zod's text in `lang`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, lang: Lang): z.infer<S> {
  const result = schema.safeParse(data, parseOptions(lang));
  if (result.success) return result.data;
  throw validationFailed(toFieldIssues(result.error.issues));
}
