// Makes the migrated embedded-database snapshot beside the compiled store (src/store/pglite-snapshot.ts),
// unless this build's is already there: a fresh `baobab serve` loads it instead of running initdb.
const { BUILT_SNAPSHOT_DIR, ensureSnapshot } = await import('../dist/store/pglite-snapshot.js');
await ensureSnapshot(BUILT_SNAPSHOT_DIR);
