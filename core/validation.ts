/**
 * zod -> domain errors. A schema may use a message catalog code as its message (e.g.
 * `.regex(re, 'ID_FORMAT')`); those are rendered in the caller's language at the edge. Every
 * other issue keeps zod's own message in the caller's language (zod ships `id` and `en` locales).
 */
import { z } from 'zod';
import { type FieldIssue, validationFailed } from './errors.ts';
import { hasMessage, type Lang } from './messages.ts';

const locales = { id: z.locales.id(), en: z.locales.en() } as const;

/** Parse options that give zod's own messages in `lang`. */
export const parseOptions = (lang: Lang) => ({ error: locales[lang].localeError, reportInput: true });

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
        const own = pathString([...issue.path, key]);
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

/** Parses or throws a 422 naming every bad field, with zod's text in `lang`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, lang: Lang): z.infer<S> {
  const result = schema.safeParse(data, parseOptions(lang));
  if (result.success) return result.data;
  throw validationFailed(toFieldIssues(result.error.issues));
}
