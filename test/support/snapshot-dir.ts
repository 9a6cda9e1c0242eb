/** Where the test run keeps its migrated empty-database snapshot: the checkout's npm cache folder. */
import { fileURLToPath } from 'node:url';

export const TEST_SNAPSHOT_DIR = fileURLToPath(new URL('../../node_modules/.cache/baobab/', import.meta.url));
