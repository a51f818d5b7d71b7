/** The committed openapi.json must be what the code generates: regenerate with `npm run openapi`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groups } from '#functions/api/groups.ts';
import { openApiDocument, tags } from '#functions/api/openapi.ts';
import { routeKeyOf, routes } from '#functions/api/routes.ts';

describe('OpenAPI document', () => {
  it('describes every route once, each with a unique operationId, a group and a tag', () => {
    const doc = openApiDocument({ includeLocalOnly: true });
    const ids = new Set<string>();
    for (const route of routes) {
      const path = doc.paths![route.path] as Record<string, { operationId: string; tags: string[] }>;
      const op = path[route.method.toLowerCase()];
      expect(op, routeKeyOf(route)).toBeDefined();
      expect(ids.has(op!.operationId), op!.operationId).toBe(false);
      ids.add(op!.operationId);
      expect(op!.tags).toHaveLength(1);
      expect(
        tags.map((t) => t.name as string),
        op!.operationId,
      ).toContain(op!.tags[0]);
      expect(groups[route.group as keyof typeof groups], route.group).toBeDefined();
    }
    expect(new Set(routes.map(routeKeyOf)).size).toBe(routes.length);
  });

  it('is committed up to date (run `npm run openapi` after changing routes or schemas)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('leaves the local-only dev routes out of the published document', () => {
    expect(openApiDocument().paths?.['/v1/dev/token']).toBeUndefined();
    expect(openApiDocument().paths?.['/v1/dev/clock']).toBeUndefined();
    expect(openApiDocument({ includeLocalOnly: true }).paths?.['/v1/dev/token']).toBeDefined();
  });

  it('says of every operation what it answers: public routes need no token, bodies are required', () => {
    const doc = openApiDocument();
    for (const route of routes.filter((r) => r.group !== 'dev')) {
      const path = doc.paths![route.path] as Record<string, Record<string, unknown>>;
      const op = path[route.method.toLowerCase()]!;
      expect(op.security, routeKeyOf(route)).toEqual(route.auth === 'jwt' ? [{ bearer: [] }] : []);
      const responses = op.responses as Record<string, unknown>;
      expect(Object.keys(responses), routeKeyOf(route)).toEqual(
        expect.arrayContaining(['429', '500', ...(route.auth === 'jwt' ? ['401'] : [])]),
      );
      if (route.body)
        expect((op.requestBody as { required: boolean }).required, routeKeyOf(route)).toBe(true);
    }
  });
});
