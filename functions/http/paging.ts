/** `?limit=&cursor=` of list routes: limit 1..100 (default 25), an opaque cursor. */
import { z } from 'zod';
import { limits } from '#config/limits.ts';
import { validationFailed } from '#core/errors.ts';

const schema = z.object({
  limit: z.coerce.number().int().min(1).max(limits.pageMax).default(limits.pageDefault),
  cursor: z.string().optional(),
});

export function pageParams(query: Record<string, string>): { limit: number; cursor?: string } {
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw validationFailed([{ path: 'limit', code: 'LIMIT_RANGE', params: { max: limits.pageMax } }]);
  return parsed.data;
}
