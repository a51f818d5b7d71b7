/**
 * The deployed function bundles, built the way infra/api-function.ts has CDK build them (esbuild,
 * ESM, node20, minified, `@aws-sdk/*` left to the runtime), with a metafile: the size of each
 * bundle and what the largest one is made of. Usage: `tsx bench/bundles.ts [--top 15]`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { groups } from '#functions/api/groups.ts';
import { esmRequireBanner } from '../infra/api-function.ts';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

export interface Bundle {
  name: string;
  entry: string;
  file: string;
  kb: number;
  metafile: Metafile;
}

/** Every deployed function: one per API group (local-only groups excluded) and one per task. */
export function deployedEntries(): { name: string; entry: string }[] {
  const api = Object.values(groups)
    .filter((g) => !('localOnly' in g && g.localOnly))
    .map((g) => ({ name: g.name, entry: join(root, 'functions', 'api', `${g.name}.ts`) }));
  const tasks = readdirSync(join(root, 'functions', 'tasks'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: `task:${f.replace(/\.ts$/, '')}`, entry: join(root, 'functions', 'tasks', f) }));
  return [...api, ...tasks];
}

export async function buildBundles(outDir: string): Promise<Bundle[]> {
  const out: Bundle[] = [];
  for (const { name, entry } of deployedEntries()) {
    const file = join(outDir, name.replace(':', '-'), 'index.mjs');
    const result = await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      mainFields: ['module', 'main'],
      banner: { js: esmRequireBanner },
      minify: true,
      // As CDK's `sourceMap: true`: a separate .map file that --enable-source-maps reads.
      sourcemap: true,
      external: ['@aws-sdk/*'],
      metafile: true,
      logLevel: 'error',
      absWorkingDir: root,
    });
    out.push({ name, entry, file, kb: Math.round(statSync(file).size / 1024), metafile: result.metafile });
  }
  return out;
}

/** Bytes of the output by package (node_modules/<pkg>) or by project folder. */
export function composition(bundle: Bundle, top = 10): { source: string; kb: number }[] {
  const byPkg = new Map<string, number>();
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1]! : input.split('/').slice(0, 1).join('/');
      byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPkg.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([source, bytes]) => ({ source, kb: Math.round(bytes / 1024) }));
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({ options: { top: { type: 'string', default: '15' } } });
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'siklus-bundles-'));
  try {
    const bundles = (await buildBundles(dir)).sort((a, b) => b.kb - a.kb);
    for (const b of bundles) console.log(`${String(b.kb).padStart(6)} KB  ${b.name}`);
    console.log(`\n${bundles[0]!.name}:`);
    for (const c of composition(bundles[0]!, Number(values.top)))
      console.log(`${String(c.kb).padStart(6)} KB  ${c.source}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
