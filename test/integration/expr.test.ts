/**
 * The core evaluates a precondition in memory (`holds`) and DynamoDB evaluates the compiled
 * ConditionExpression: for any document and any tree they must agree, or decide and the write
 * could drift apart. Same for changes: `applyChanges` and the compiled UpdateExpression.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, applyChanges, attr, type Changes, type Expr, holds, not, or } from '#core/expr.ts';
import {
  Binder,
  compileChanges,
  compileCondition,
  placeholders,
} from '#functions/adapters/dynamo/compile.ts';
import { ddb } from '#functions/adapters/dynamo.ts';

const table = () => process.env.TABLE_NAME!;
const nips = ['198609262015051001', '199001172015032004'];

const item = fc.record(
  {
    status: fc.constantFrom('DRAFT', 'SUBMITTED', 'APPROVED'),
    version: fc.integer({ min: 0, max: 3 }),
    ownerNip: fc.oneof(fc.constantFrom(...nips), fc.constant(null)),
    managerChain: fc.array(fc.constantFrom(...nips), { maxLength: 2 }),
    count: fc.integer({ min: -2, max: 3 }),
    limit: fc.integer({ min: -2, max: 3 }),
    auditHead: fc.record({ seq: fc.integer({ min: 1, max: 3 }), hash: fc.constantFrom('a', 'b') }),
    flag: fc.boolean(),
  },
  { requiredKeys: [] },
);

const paths = [
  'status',
  'version',
  'ownerNip',
  'managerChain',
  'count',
  'limit',
  'auditHead.hash',
  'auditHead.seq',
  'flag',
  'nothing',
];
const scalar = fc.oneof(
  fc.constantFrom('DRAFT', 'SUBMITTED', 'a', 'b', ...nips),
  fc.integer({ min: -2, max: 3 }),
  fc.boolean(),
);
const ref = fc.constantFrom('count', 'limit', 'version', 'status').map(attr);
const ordered = fc.oneof(
  fc.constantFrom('DRAFT', 'SUBMITTED', 'a', ...nips),
  fc.integer({ min: -2, max: 3 }),
  ref,
);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .record({
      op: fc.constantFrom('eq', 'ne'),
      path: fc.constantFrom(...paths),
      value: fc.oneof(scalar, fc.constant(null), ref),
    })
    .filter(
      (e) => !(typeof e.value === 'object' && e.value !== null && e.value.attr === e.path),
    ) as fc.Arbitrary<Expr>,
  fc
    .record({ op: fc.constantFrom('lt', 'le', 'gt', 'ge'), path: fc.constantFrom(...paths), value: ordered })
    .filter((e) => !(typeof e.value === 'object' && e.value.attr === e.path)) as fc.Arbitrary<Expr>,
  fc.record({
    op: fc.constant('in'),
    path: fc.constantFrom(...paths),
    values: fc.array(scalar, { minLength: 2, maxLength: 3 }),
  }) as fc.Arbitrary<Expr>,
  fc.record({
    op: fc.constantFrom('exists', 'absent', 'isNull', 'isString'),
    path: fc.constantFrom(...paths),
  }) as fc.Arbitrary<Expr>,
  fc.record({
    op: fc.constant('contains'),
    path: fc.constantFrom('managerChain', 'status'),
    value: fc.constantFrom(...nips, 'RAFT', 'x'),
  }) as fc.Arbitrary<Expr>,
);
// Trees as the helpers simplify them, and raw ones (with TRUE and FALSE inside): a machine may
// build either (a role the caller cannot hold is FALSE inside an `or`).
const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.constantFrom<Expr>({ op: 'true' }, { op: 'false' }),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((xs) => and(...xs)),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((xs) => or(...xs)),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((xs): Expr => ({ op: 'and', all: xs })),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((xs): Expr => ({ op: 'or', any: xs })),
    tie('e').map(not),
  ),
})).e;

async function dynamoHolds(doc: Record<string, unknown>, e: Expr): Promise<boolean> {
  const key = { pk: `EXPR#${randomUUID()}`, sk: 'X' };
  await ddb().send(new PutCommand({ TableName: table(), Item: { ...key, ...doc } }));
  const b = new Binder();
  const condition = compileCondition(e, b);
  const update = compileChanges({ set: { touched: true } }, b)!;
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: update,
        ...(condition ? { ConditionExpression: condition } : {}),
        ...placeholders(b),
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

describe('expression trees: the core and DynamoDB agree', () => {
  it('a precondition holds in memory exactly when DynamoDB accepts its compiled condition', async () => {
    await fc.assert(
      fc.asyncProperty(item, expr, async (doc, e) => {
        expect(await dynamoHolds(doc, e), JSON.stringify(e)).toBe(holds(e, doc));
      }),
      { numRuns: 300 },
    );
  });

  it('changes applied in memory give the item DynamoDB stores', async () => {
    const changes: fc.Arbitrary<Changes> = fc.record(
      {
        set: fc.dictionary(
          fc.constantFrom('status', 'count', 'note', 'auditHead.hash'),
          fc.oneof(scalar, fc.constant(attr('limit'))),
        ),
        add: fc.dictionary(fc.constantFrom('count', 'tally'), fc.integer({ min: -2, max: 2 })),
        append: fc.dictionary(fc.constantFrom('log'), fc.array(scalar, { minLength: 1, maxLength: 2 })),
        remove: fc.subarray(['flag', 'managerChain', 'ownerNip']),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        item.filter((d) => d.limit !== undefined && d.auditHead !== undefined),
        changes,
        async (doc, c) => {
          // DynamoDB refuses one path twice in an update: keep the generated parts apart.
          if (c.add && c.set && Object.keys(c.add).some((k) => k in c.set!)) return;
          const key = { pk: `EXPR#${randomUUID()}`, sk: 'X' };
          await ddb().send(new PutCommand({ TableName: table(), Item: { ...key, ...doc } }));
          const b = new Binder();
          const update = compileChanges(c, b);
          if (update) {
            await ddb().send(
              new UpdateCommand({
                TableName: table(),
                Key: key,
                UpdateExpression: update,
                ...placeholders(b),
              }),
            );
          }
          const stored = (await ddb().send(new GetCommand({ TableName: table(), Key: key }))).Item!;
          const { pk: _p, sk: _s, ...rest } = stored;
          expect(rest).toEqual(applyChanges(doc, c));
        },
      ),
      { numRuns: 150 },
    );
  });
});
