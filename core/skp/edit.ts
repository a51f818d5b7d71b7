/**
 * What `PUT /v1/skp/{skpId}` accepts: the content, plus the document's own read-only fields a
 * portal may send back as it read them (or as it sent them to POST /v1/skp, `year` included).
 * Each one sent is a condition of the write: equal to the stored value, or a 422 naming the field
 * (READ_ONLY_FIELD). Anything else is unknown and refused (UNKNOWN_FIELD): never silently dropped.
 */
import type { z } from 'zod';
import { skpContentInput } from './content.ts';
import { skpOutput } from './view.ts';

const { content: _content, approvedContent: _approved, ...readOnly } = skpOutput.shape;

/** The stored fields a client may echo (the ETag is compared with If-Match instead). */
export const echoableFields = Object.keys(readOnly).filter((k) => k !== 'etag');

export const skpEditInput = skpContentInput
  .extend(Object.fromEntries(Object.entries(readOnly).map(([k, v]) => [k, (v as z.ZodType).optional()])))
  .meta({
    id: 'SkpEditInput',
    description:
      'The content (`approach`, `rhk`, `perilaku`). Read-only fields of the SKP (as GET or POST gave them) may be sent ' +
      'back unchanged; a changed one is refused (422 READ_ONLY_FIELD), an unknown one too (422 UNKNOWN_FIELD).',
  });
export type SkpEditInput = z.infer<typeof skpEditInput>;

/** Splits an edit into its content and the read-only fields echoed. */
export function splitEdit(input: Record<string, unknown>): {
  content: z.infer<typeof skpContentInput>;
  echo: Record<string, unknown>;
  etag?: string;
} {
  const { approach, rhk, perilaku, etag, ...rest } = input;
  const echo = Object.fromEntries(
    Object.entries(rest).filter(([k, v]) => echoableFields.includes(k) && v !== undefined),
  );
  return {
    content: { approach, rhk, ...(perilaku !== undefined ? { perilaku } : {}) } as z.infer<
      typeof skpContentInput
    >,
    echo,
    ...(typeof etag === 'string' ? { etag } : {}),
  };
}
