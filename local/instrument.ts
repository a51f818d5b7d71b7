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
}

export const dynamoCalls: Calls = { count: 0, commands: [], writes: 0 };
export const s3Calls: Calls = { count: 0, commands: [], writes: 0 };

const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
const instrumented = new WeakSet<object>();

function count(stack: { add: (mw: never, options: never) => void }, calls: Calls, name: string) {
  stack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        calls.count++;
        calls.commands.push(context.commandName ?? 'unknown');
        const out = await next(args);
        // Only what DynamoDB accepted: a refused conditional write (its answer is an error) wrote nothing.
        if (writeCommands.test(context.commandName ?? '')) calls.writes++;
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
