/**
 * `npm run audit:verify -- <skpId | subject>`: re-hashes a document's audit chain and checks its
 * links, against the local data dir (stop `npm start` first) or DYNAMODB_ENDPOINT/TABLE_NAME.
 * Exit code 0 when intact, 1 when not.
 */
import { subjects, verifyChain } from '#core/audit.ts';
import { parseSkpId } from '#core/skp/id.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { readAuditChain } from '#functions/use-cases/audit.ts';

const arg = process.argv[2];
if (!arg) {
  console.error(
    'usage: npm run audit:verify -- <skpId>   (e.g. 2027.bkpsdm.198609262015051001.1, or a subject like AGENCY#kota-bukittinggi)',
  );
  process.exit(2);
}
const subject = parseSkpId(arg) ? subjects.skp(arg) : arg;

let standalone: { stop(): Promise<void> } | undefined;
if (!process.env.DYNAMODB_ENDPOINT && !process.env.AWS_EXECUTION_ENV) {
  const { startBackend } = await import('./runtime.ts');
  standalone = await startBackend({ dataDir: process.env.SIKLUS_DATA_DIR ?? '.siklus' });
}
try {
  const entries = await readAuditChain(liveDeps(), subject);
  const verdict = verifyChain(entries);
  for (const e of entries)
    console.log(
      `${String(e.seq).padStart(4)} ${e.at} ${e.action.padEnd(22)} ${e.actorNip} ${e.hash.slice(0, 16)}…`,
    );
  if (!entries.length) {
    console.error(`no audit entries for ${subject}`);
    process.exitCode = 1;
  } else if (verdict.ok) {
    console.log(`intact: ${verdict.length} entries, head ${verdict.head?.hash}`);
  } else {
    console.error(`BROKEN at seq ${verdict.seq}: ${verdict.reason}`);
    process.exitCode = 1;
  }
} finally {
  await standalone?.stop();
}
