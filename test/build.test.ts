/**
 * `npm start` builds only when the build is stale (scripts/build.js --if-stale, its prestart). Run as
 * npm runs it, against a small project of the same shape in a temporary directory: its own src/ and
 * tsconfigs compiled by the real tsc, stand-ins for the asset copy and the database snapshot that note
 * each run. A fresh checkout builds; an unchanged one does not; a changed source, migration, script or
 * dependency, a missing output or a failed build makes the next start build again.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './support/process.js';

const root = mkdtempSync(join(tmpdir(), 'baobab-build-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('package.json', '{"name":"shape","version":"1.0.0","type":"module"}\n');
write('package-lock.json', '{"lockfileVersion":3}\n');
write('tsconfig.json', '{"compilerOptions":{"module":"NodeNext","strict":true,"noEmit":true}}\n');
write(
  'tsconfig.build.json',
  '{"extends":"./tsconfig.json","compilerOptions":{"noEmit":false,"rootDir":"src","outDir":"dist"},"include":["src"]}\n',
);
write('src/cli/main.ts', 'export const started: string = "yes";\n');
write('src/store/migrations/0001_first.sql', 'select 1;\n');
// Stand-ins for the asset copy and the snapshot: each run leaves a line in runs.log.
write(
  'scripts/copy-assets.js',
  `import { appendFileSync } from 'node:fs';\nappendFileSync('runs.log', 'build\\n');\n`,
);
write(
  'scripts/pglite-snapshot.js',
  `import { mkdirSync, writeFileSync } from 'node:fs';\nmkdirSync('dist/store', { recursive: true });\nwriteFileSync('dist/store/empty-database-test.tar', '');\n`,
);
// The real tsc, and the real PGlite manifest the stamp reads.
symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));

const runs = () =>
  (existsSync(join(root, 'runs.log')) ? readFileSync(join(root, 'runs.log'), 'utf8') : '')
    .split('\n')
    .filter(Boolean).length;

/** `npm start`'s prestart, on the temporary project. */
function start(): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(REPO, 'scripts/build.js'), '--if-stale', '--root', root], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

// Every file's time is set here, so which input is the newest never depends on the clock: all start at
// T0, and each change is ten seconds after the last, with the stamp dated between the two.
const T0 = new Date('2026-01-01T00:00:00Z').getTime();
const dated = (path: string, ms: number) => {
  utimesSync(join(root, path), new Date(ms), new Date(ms));
};
for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
  dated(path, T0);
for (const path of ['src/cli/main.ts', 'src/store/migrations/0001_first.sql']) dated(path, T0);
for (const path of ['scripts/copy-assets.js', 'scripts/pglite-snapshot.js']) dated(path, T0);
let changes = 0;

/** Makes `path` the newest input, changed after the last build. */
const touch = (path: string) => {
  changes += 1;
  dated(path, T0 + changes * 10_000);
  if (existsSync(join(root, 'dist/.build-stamp'))) dated('dist/.build-stamp', T0 + changes * 10_000 - 5000);
};

describe('npm start (scripts/build.js --if-stale)', () => {
  it(
    'builds a fresh checkout, then starts without building while nothing changed',
    { timeout: 120_000 },
    () => {
      const first = start();
      expect(first.status).toBe(0);
      expect(first.stderr).toContain('building: no finished build in dist/');
      expect(existsSync(join(root, 'dist/cli/main.js'))).toBe(true);
      expect(runs()).toBe(1);

      const second = start();
      expect(second).toEqual({ status: 0, stderr: 'baobab: dist/ is up to date; not rebuilding\n' });
      expect(runs()).toBe(1);
    },
  );

  it('builds again after a source, a migration or a script changed', { timeout: 120_000 }, () => {
    for (const [i, path] of [
      'src/cli/main.ts',
      'src/store/migrations/0001_first.sql',
      'scripts/copy-assets.js',
    ].entries()) {
      touch(path);
      const run = start();
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`building: ${path} changed since the last build`);
      expect(runs()).toBe(2 + i);
      expect(start().stderr).toContain('up to date');
    }
  });

  it('builds again when the dependencies change or an output is missing', { timeout: 120_000 }, () => {
    const before = runs();
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect(start().stderr).toContain('building: package.json, the lock file or PGlite changed');
    // The same content written again (as npm does) is no change.
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect(start().stderr).toContain('up to date');
    rmSync(join(root, 'dist/store/empty-database-test.tar'));
    expect(start().stderr).toContain('building: the embedded-database snapshot is missing');
    rmSync(join(root, 'dist/cli/main.js'));
    expect(start().stderr).toContain('building: dist/cli/main.js is missing');
    expect(runs()).toBe(before + 3);
  });

  it('does not call a failed build finished: the next start builds again', { timeout: 120_000 }, () => {
    write('src/cli/main.ts', 'export const started: number = "not a number";\n');
    touch('src/cli/main.ts');
    const failed = start();
    expect(failed.status).not.toBe(0);
    // Fixed, the next start builds (there is no stamp to trust).
    write('src/cli/main.ts', 'export const started: string = "yes";\n');
    const fixed = start();
    expect(fixed.stderr).toContain('building: no finished build in dist/');
    expect(fixed.status).toBe(0);
    expect(start().stderr).toContain('up to date');
  });
});
