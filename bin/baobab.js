#!/usr/bin/env node
// The `baobab` command. Runs the compiled CLI (npm install builds it; `npm run build` rebuilds it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('baobab: dist/ is missing; run `npm run build` (npm install does it for you)\n');
  process.exit(1);
}
await import(cli.href);
