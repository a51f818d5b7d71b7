// npm postinstall: puts DynamoDB Local in .tools/dynamodb-local, extracted from the
// amplify-dynamodb-simulator tarball (not a dependency: it would drag in 283 packages, and the
// licence forbids committing the jar). Runs once; later installs find it in place.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.tools', 'dynamodb-local');
const pkg = 'amplify-dynamodb-simulator@2.9.30';

if (existsSync(join(target, 'DynamoDBLocal.jar'))) {
  console.log(`siklus: DynamoDB Local already in ${target}`);
} else {
  const tmp = mkdtempSync(join(tmpdir(), 'siklus-ddb-'));
  try {
    console.log(`siklus: fetching DynamoDB Local from ${pkg} ...`);
    execFileSync('npm', ['pack', pkg, '--pack-destination', tmp, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack produced no tarball');
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', join(tmp, tgz), '-C', target, '--strip-components=2', 'package/emulator']);
    console.log(`siklus: DynamoDB Local installed in ${target}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  execFileSync('java', ['-version'], { stdio: 'ignore' });
} catch {
  console.warn(
    '\nsiklus: WARNING: `java` was not found. DynamoDB Local needs a Java runtime (17 or newer).\n' +
      '  Debian/Ubuntu: sudo apt-get install -y default-jre-headless\n' +
      '  macOS:         brew install openjdk\n',
  );
}
