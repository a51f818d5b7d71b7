/**
 * The shape every document follows, checked on the source: use cases speak to ports (no AWS
 * SDK, no expression strings), keys are composed only in the entity descriptions, and every
 * kind that carries authorization facts can be refreshed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kinds, kindsWithFacts } from '#core/kinds.ts';

const root = new URL('../..', import.meta.url).pathname;
const filesIn = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const source = (file: string) => readFileSync(join(root, file), 'utf8');

describe('architecture', () => {
  it('use cases hold no DynamoDB expression, no AWS SDK import, no key string', () => {
    for (const file of filesIn('functions/use-cases')) {
      const text = source(file);
      expect(text, file).not.toMatch(
        /ConditionExpression|UpdateExpression|KeyConditionExpression|ProjectionExpression/,
      );
      expect(text, file).not.toMatch(/from '@aws-sdk\//);
      expect(text, file).not.toMatch(/`(EMP|SKP|CHECKIN|AGENCY|CYCLE|OWES|DUE|INBOX|MAILQ|AUDIT|DUTY)#/);
    }
  });

  it('keys and index keys are composed in the entity descriptions and the store only', () => {
    const allowed = /functions\/adapters\/dynamo\//;
    for (const dir of ['core', 'functions', 'local']) {
      for (const file of filesIn(dir).filter((f) => !allowed.test(f))) {
        expect(source(file), file).not.toMatch(/(pk|sk|gsi\dpk|gsi\dsk): `/);
      }
    }
  });

  it('what the functions ship stays small: zod as a namespace (`{ z }` keeps all ~50 locales), no holiday library', () => {
    for (const dir of ['core', 'config', 'functions']) {
      for (const file of filesIn(dir)) {
        const text = source(file);
        expect(text, `${file}: import * as z from 'zod'`).not.toMatch(/import \{ z \} from 'zod'/);
        expect(text, `${file}: use config/holidays-computed.ts`).not.toMatch(/from 'date-holidays'/);
      }
    }
  });

  it('every kind that holds steps or carries facts tells its id (the engine and the refresh write back)', () => {
    for (const [kind, info] of Object.entries(kinds) as [
      string,
      { facts: boolean; steps: readonly string[]; id?: unknown },
    ][]) {
      if (info.facts || info.steps.length) expect(typeof info.id, kind).toBe('function');
    }
    expect(kindsWithFacts).toEqual(['SKP', 'CHECKIN', 'EVALUATION', 'APPEAL', 'FOLLOW_UP']);
  });
});
