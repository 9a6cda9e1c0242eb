/** Runs once before all test files: makes a skipped PostgreSQL run impossible to miss. */
export default function setup(): void {
  if (!process.env['TEST_DATABASE_URL']) {
    process.stderr.write(
      '\n  ⚠  TEST_DATABASE_URL is not set: the PostgreSQL store suites are SKIPPED (PGlite suites still run).\n' +
        '     Set it, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test, to run them; .ci/run always does.\n\n',
    );
  }
}
