// The build: tsc into dist/, the files tsc does not copy, the embedded-database snapshot, then a stamp
// (dist/.build-stamp) saying the build finished. `npm run build` (and `npm install`'s prepare) always
// builds; `npm start` runs it with `--if-stale`, which builds only when something the build reads —
// src/ (migrations included), scripts/ and the tsconfigs by modification time; package.json, the lock
// file and PGlite's version by content — changed after the stamp, or an output is missing. `--check` only says which (exit 1 when stale).
// `--root DIR` works on another checkout.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 && args[rootAt + 1] ? args[rootAt + 1] : process.cwd();
const STAMP = join(root, 'dist', '.build-stamp');
/** Read for their modification times. */
const INPUTS = ['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];
/** Read for their content (npm rewrites the lock file unchanged): the dependencies and PGlite's version. */
const MANIFESTS = ['package.json', 'package-lock.json', 'node_modules/@electric-sql/pglite/package.json'];

const manifestsHash = () => {
  const hash = createHash('sha256');
  for (const file of MANIFESTS) {
    const path = join(root, file);
    hash.update(`${file}\0${existsSync(path) ? readFileSync(path, 'utf8') : ''}\0`);
  }
  return hash.digest('hex');
};

/** The most recently modified file under `path` (the file itself when it is one). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let found;
  for (const entry of readdirSync(path)) {
    const candidate = newest(join(path, entry));
    if (candidate && (!found || candidate.mtimeMs > found.mtimeMs)) found = candidate;
  }
  return found;
}

const hasSnapshot = () => {
  const dir = join(root, 'dist', 'store');
  return existsSync(dir) && readdirSync(dir).some((f) => /^empty-database-.*\.tar$/.test(f));
};

/** Why the build must run, or undefined when dist/ is up to date. */
function staleReason() {
  if (!existsSync(STAMP)) return 'no finished build in dist/';
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) return 'dist/cli/main.js is missing';
  if (!hasSnapshot()) return 'the embedded-database snapshot is missing';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return 'the build stamp is unreadable';
  }
  if (stamp.manifests !== manifestsHash()) return 'package.json, the lock file or PGlite changed';
  const built = statSync(STAMP).mtimeMs;
  for (const input of INPUTS) {
    const changed = newest(join(root, input));
    if (changed && changed.mtimeMs > built)
      return `${relative(root, changed.path)} changed since the last build`;
  }
  return undefined;
}

function build() {
  rmSync(STAMP, { force: true });
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const steps = [
    [tsc, '-p', 'tsconfig.build.json'],
    ['scripts/copy-assets.js'],
    ['scripts/pglite-snapshot.js'],
  ];
  for (const step of steps) {
    const run = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  writeFileSync(
    STAMP,
    `${JSON.stringify({ built_at: new Date().toISOString(), manifests: manifestsHash() })}\n`,
  );
}

if (args.includes('--check') || args.includes('--if-stale')) {
  const reason = staleReason();
  if (reason === undefined) {
    process.stderr.write('baobab: dist/ is up to date; not rebuilding\n');
    process.exit(0);
  }
  process.stderr.write(`baobab: ${args.includes('--check') ? 'stale' : 'building'}: ${reason}\n`);
  if (args.includes('--check')) process.exit(1);
}
build();
