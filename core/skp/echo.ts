/** Read-only fields echoed by a client, as guards of the write (see ./edit.ts). */
import { validationFailed } from '../errors.ts';
import { eq, isNull } from '../expr.ts';
import type { Check } from '../machine.ts';

/** Each echoed field, as a guard of the write: it must equal the stored value. */
export function echoChecks(echo: Readonly<Record<string, unknown>>): Check[] {
  return Object.entries(echo).map(([field, value]) => ({
    when: value === null ? isNull(field) : eq(field, value as string | number | boolean),
    error: (doc) =>
      validationFailed([
        {
          path: field,
          code: 'READ_ONLY_FIELD',
          params: { expected: doc[field] === undefined ? '-' : JSON.stringify(doc[field]) },
        },
      ]),
  }));
}
