/** Building blocks of the OpenAPI document, shared by the per-capability operation files. */
import { z } from 'zod';

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable machine code, e.g. `VALIDATION_FAILED`.' }),
    errors: z
      .array(
        z.object({
          row: z
            .number()
            .int()
            .optional()
            .meta({ description: 'CSV imports: the spreadsheet row (header = 1).' }),
          path: z.string(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; Bahasa Indonesia unless `Accept-Language: en`.',
  });

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});

export const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
export const ok = (description: string, schema: z.ZodType) => ({ description, ...jsonBody(schema) });
