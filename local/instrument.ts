/**
 * Counting what the handlers send, without the production modules knowing: middleware added to
 * this process's DynamoDB and S3 clients. Tests hold each request to its budget of round trips;
 * the local scheduler knows whether anything was written since it last looked.
 */
import { ddb } from '#functions/adapters/dynamo.ts';
import { s3 } from '#functions/adapters/s3.ts';

export interface Calls {
  count: number;
  commands: string[];
  /** Write commands that succeeded (a conditional write refused by DynamoDB is not counted). */
  writes: number;
  /**
   * The partition key of each item those writes touched, in order (DynamoDB only): who checks
   * "nothing written" can tell a rate-limit counter (`RATE#…`) from data.
   */
  written: string[];
}

export const dynamoCalls: Calls = { count: 0, commands: [], writes: 0, written: [] };
export const s3Calls: Calls = { count: 0, commands: [], writes: 0, written: [] };

const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

type Item = Record<string, unknown> | undefined;
/** `pk` as the document client has it (a string) or as the low-level client does (`{ S }`). */
const pkOf = (item: Item): string => {
  const pk = item?.pk as string | { S?: string } | undefined;
  return typeof pk === 'string' ? pk : (pk?.S ?? '?');
};

/** The partition keys a write command's input names (conditions checked only are not writes). */
function partitionsOf(input: Record<string, unknown> | undefined): string[] {
  if (!input) return [];
  if (input.Key || input.Item) return [pkOf((input.Key ?? input.Item) as Item)];
  if (Array.isArray(input.TransactItems))
    return (input.TransactItems as Record<string, { Key?: Item; Item?: Item } | undefined>[]).flatMap((t) => {
      const w = t.Put ?? t.Update ?? t.Delete;
      return w ? [pkOf(w.Key ?? w.Item)] : [];
    });
  if (input.RequestItems && typeof input.RequestItems === 'object')
    return Object.values(input.RequestItems as Record<string, unknown[]>).flatMap((reqs) =>
      (reqs as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]).map((r) =>
        pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key),
      ),
    );
  return [];
}
const instrumented = new WeakSet<object>();

function count(stack: { add: (mw: never, options: never) => void }, calls: Calls, name: string) {
  stack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        calls.count++;
        calls.commands.push(context.commandName ?? 'unknown');
        const out = await next(args);
        // Only what DynamoDB accepted: a refused conditional write (its answer is an error) wrote nothing.
        if (writeCommands.test(context.commandName ?? '')) {
          calls.writes++;
          calls.written.push(...partitionsOf((args as { input?: Record<string, unknown> }).input));
        }
        return out;
      }) as never,
    { step: 'initialize', name } as never,
  );
}

/** Counts the calls of this process's clients (idempotent; again after the clients are rebuilt). */
export function instrumentClients(): void {
  const d = ddb();
  if (!instrumented.has(d)) {
    count(d.middlewareStack as never, dynamoCalls, 'siklusCountDynamo');
    instrumented.add(d);
  }
  const s = s3();
  if (!instrumented.has(s)) {
    count(s.middlewareStack as never, s3Calls, 'siklusCountS3');
    instrumented.add(s);
  }
}
