/** Parameters and headers many routes share, with their documentation. */
import * as z from 'zod';
import { limits } from '#config/limits.ts';
import type { AuditHead } from '#core/audit.ts';
import { DomainError } from '#core/errors.ts';
import { parseIfMatch } from '#core/etag.ts';
import type { IdempotencyKey } from '#core/ports.ts';
import type { AuthedReq } from './route.ts';

export const skpIdParam = z
  .string()
  .max(100)
  .meta({ description: '`<year>.<unitId>.<nip>.<seq>`', example: '2027.bkpsdm.198609262015051001.1' });
export const periodParam = z
  .string()
  .max(10)
  .meta({ description: '`Q1`..`Q4` (quarterly agency) or `M01`..`M12` (monthly)', example: 'Q1' });
export const agencyIdParam = z.string().max(40).meta({ example: 'kota-makassar' });
export const nipParam = z.string().max(18).meta({ example: '198609262015051001' });
export const unitIdParam = z.string().max(40).meta({ example: 'bkpsdm' });

export const year = z.coerce
  .number('YEAR_FORMAT')
  .int('YEAR_FORMAT')
  .min(2020, 'YEAR_FORMAT')
  .max(2100, 'YEAR_FORMAT')
  .meta({ example: 2027 });

export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(limits.pageMax)
    .default(limits.pageDefault)
    .meta({ description: `1..${limits.pageMax}` }),
  cursor: z.string().max(2048).optional().meta({ description: 'From the previous page (`nextCursor`).' }),
});

export const ifMatchHeader = z.object({
  'if-match': z
    .string()
    .meta({ description: 'The ETag of the version you saw (428 when missing, 412 when stale).' }),
});
export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .meta({ description: 'Replays the first response for 24 h; another body with the same key gets 422.' }),
});

export const ifMatchOf = (req: { header(name: string): string | undefined }): AuditHead =>
  parseIfMatch(req.header('if-match'));

/** The Idempotency-Key of a POST, bound to the caller and the exact request. */
export function idempotencyOf(req: AuthedReq<unknown, unknown, unknown>): IdempotencyKey | undefined {
  const key = req.header('idempotency-key')?.trim();
  if (!key) return undefined;
  if (key.length > 255) throw new DomainError('UNPROCESSABLE', 'IDEMPOTENCY_KEY_TOO_LONG', { max: 255 });
  // A binary body (an XLSX) is compared as sent: decoded as text, two files could look alike.
  const body = req.event.isBase64Encoded ? `base64:${req.event.body ?? ''}` : (req.event.body ?? '');
  return {
    key,
    actorNip: req.actor.nip,
    request: `${req.event.routeKey}\n${req.event.rawPath}?${req.event.rawQueryString ?? ''}\n${body}`,
    now: req.now,
  };
}

/** A list page as the contract has it. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
