/**
 * `npm run simulate -- --agencies A --employees N --year Y [--seed S] [--json]`: a whole cycle
 * year against the local stack on the runtime's clock (local/simulation/). Prints a summary;
 * with --json the last line is machine-readable.
 */
import { parseArgs } from 'node:util';
import './quiet-metrics.ts';
import { runSimulation } from './simulation/run.ts';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '3' },
    employees: { type: 'string', default: '300' },
    year: { type: 'string', default: '2027' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '7' },
  },
});
const say = (line: string) => (values.json ? console.error(line) : console.log(line));
const began = performance.now();
const summary = await runSimulation({
  agencies: Number(values.agencies),
  employees: Number(values.employees),
  year: Number(values.year),
  seed: Number(values.seed),
  log: say,
});
say(`done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
if (values.json) console.log(JSON.stringify(summary));
else console.table(summary);
process.exit(0);
