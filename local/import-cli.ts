/**
 * `npm run import -- --agency <agencyId> --file <employees.csv|xlsx> [--as <nip>]`: the employee import
 * for files too large for a portal upload, against the local stack (or whatever DYNAMODB_ENDPOINT
 * and TABLE_NAME point at). Same use case as the HTTP route; prints progress to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '#core/errors.ts';
import { render } from '#core/messages.ts';
import { liveDeps } from '#functions/adapters/deps.ts';
import { importEmployees } from '#functions/use-cases/import-employees.ts';

const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    file: { type: 'string' },
    as: { type: 'string', default: 'SYSTEM-CLI' },
  },
});
if (!values.agency || !values.file) {
  console.error('usage: npm run import -- --agency <agencyId> --file <employees.csv|xlsx> [--as <nip>]');
  process.exit(2);
}

let standalone: { stop(): Promise<void> } | undefined;
if (!process.env.DYNAMODB_ENDPOINT && !process.env.AWS_EXECUTION_ENV) {
  // Not pointed anywhere: use the data dir of `npm start` (stop `npm start` first).
  const { startBackend } = await import('./runtime.ts');
  standalone = await startBackend({ dataDir: process.env.SIKLUS_DATA_DIR ?? '.siklus' });
}

const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
let lastTenth = -1;
try {
  const result = await importEmployees(liveDeps(), {
    agencyId: values.agency,
    // The bytes as they are: CSV in any of Excel's encodings and separators, or XLSX.
    file: { bytes: readFileSync(values.file) },
    actor: { nip: values.as! },
    onProgress(phase, done, total) {
      if (phase !== 'staging' && phase !== 'applying')
        return console.error(`[${elapsed()}] ${phase}: ${total} rows`);
      const tenth = Math.floor((done / Math.max(total, 1)) * 10) + (phase === 'applying' ? 11 : 0);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        console.error(`[${elapsed()}] ${phase}: ${done}/${total} (${(tenth % 11) * 10}%)`);
      }
    },
  });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      ...result,
      seconds: Number(((performance.now() - began) / 1000).toFixed(2)),
      peakRssMb,
    }),
  );
} catch (err) {
  if (!(err instanceof DomainError)) throw err;
  console.error(render(err.code, 'en', err.params));
  for (const i of err.issues.slice(0, 50))
    console.error(`  row ${i.row ?? '-'} ${i.path}: ${i.message ?? render(i.code, 'en', i.params)}`);
  const total = Number(err.params.total ?? err.issues.length);
  if (total > 50) console.error(`  ... and ${total - 50} more`);
  process.exitCode = 1;
} finally {
  await standalone?.stop();
}
