/**
 * The project rule "no file over 400 lines": every source, test, bench and script file (.ts, .js, .sql, .css)
 * stays at or under 400 lines, so each one can be read whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/process.js';

const ROOTS = ['src', 'test', 'bench', 'scripts'];
const EXTENSIONS = ['.ts', '.js', '.sql', '.css'];
const MAX_LINES = 400;

/** Every file under `dir` (recursively) whose name ends in one of EXTENSIONS. */
function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return EXTENSIONS.some((ext) => entry.name.endsWith(ext)) ? [path] : [];
  });
}

/** The number of lines of `text`, as `wc -l` counts them plus a last line without its newline. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

describe('file size', () => {
  it(`no file under ${ROOTS.join(', ')} exceeds ${MAX_LINES} lines`, () => {
    const files = ROOTS.flatMap((root) => filesUnder(join(REPO, root)));
    expect(files.length).toBeGreaterThan(0);
    const over = files
      .map((file) => ({ file: relative(REPO, file), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(over).toEqual([]);
  });
});
