/** The committed openapi.json must be what the code generates: regenerate with `npm run openapi`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, operations } from '#functions/api/openapi.ts';
import { routeKeyOf, routes } from '#functions/api/routes.ts';

describe('OpenAPI document', () => {
  it('describes every route', () => {
    for (const route of routes) expect(operations[routeKeyOf(route)], routeKeyOf(route)).toBeDefined();
  });

  it('is committed up to date (run `npm run openapi` after changing routes or schemas)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('leaves the local-only dev token route out of the published document', () => {
    expect(openApiDocument().paths?.['/v1/dev/token']).toBeUndefined();
    expect(openApiDocument({ includeLocalOnly: true }).paths?.['/v1/dev/token']).toBeDefined();
  });
});
