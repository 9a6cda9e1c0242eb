/**
 * Runs once before all test files: makes a skipped PostgreSQL run impossible to miss, and makes the
 * migrated empty-database snapshot the PGlite stores start from (test/support/stores.ts), so no test
 * file pays for `initdb` and the migrations.
 */
import { ensureSnapshot } from '../src/store/pglite-snapshot.js';
import { TEST_SNAPSHOT_DIR } from './support/snapshot-dir.js';

export default async function setup(): Promise<void> {
  if (!process.env['TEST_DATABASE_URL']) {
    process.stderr.write(
      '\n  ⚠  TEST_DATABASE_URL is not set: the PostgreSQL store suites are SKIPPED (PGlite suites still run).\n' +
        '     Set it, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test, to run them; .ci/run always does.\n\n',
    );
  }
  await ensureSnapshot(TEST_SNAPSHOT_DIR);
}
