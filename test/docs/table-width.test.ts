/**
 * No Markdown table line in README.md or docs/*.md is wider than 120 characters. Prettier pads every row
 * of a table to its widest cell, so one long cell makes the whole table scroll sideways on a screen: a
 * long cell belongs in a list or a paragraph under the table. The files still listed in STILL_WIDE are
 * a ratchet: a new wide file fails, and a listed file that becomes narrow must leave the list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/process.js';

const MAX_WIDTH = 120;

/** A line's width on a screen, in characters (code points: `−` and `→` are one each). */
const width = (line: string): number => Array.from(line).length;

/** Files whose tables are still too wide, to be narrowed and then removed from this list. */
const STILL_WIDE = ['README.md', 'docs/ARCHITECTURE.md', 'docs/compatibility.md', 'docs/sandbox.md'];

/** The table lines of a Markdown text wider than MAX_WIDTH (fenced code blocks left out), by line number. */
function wideTableLines(text: string): number[] {
  const wide: number[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined && /^\s*\|/.test(line) && width(line) > MAX_WIDTH) wide.push(i + 1);
  });
  return wide;
}

const markdownFiles = (): string[] => [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The Markdown files with at least one table line wider than MAX_WIDTH, sorted. */
const wideFiles = (): string[] =>
  markdownFiles()
    .filter((file) => wideTableLines(readFileSync(join(REPO, file), 'utf8')).length > 0)
    .sort();

describe('Markdown tables fit on a screen', () => {
  it('finds a wide table line, and only outside code blocks', () => {
    const row = `| ${'x'.repeat(MAX_WIDTH)} |`;
    expect(wideTableLines(`# T\n\n| a | b |\n| - | - |\n${row}\n`)).toEqual([5]);
    expect(wideTableLines(`| a |\n| - |\n| ${'x'.repeat(MAX_WIDTH - 4)} |\n`)).toEqual([]);
    expect(wideTableLines('```text\n' + row + '\n```\n')).toEqual([]);
    expect(wideTableLines('~~~\n```\n' + row + '\n~~~\n' + row + '\n')).toEqual([5]);
    expect(wideTableLines(`A paragraph ${'x'.repeat(MAX_WIDTH)}\n`)).toEqual([]);
    expect(wideTableLines(`| ${'−'.repeat(MAX_WIDTH - 4)} |\n`)).toEqual([]);
  });

  it('reads README.md and every page under docs/', () => {
    const files = markdownFiles();
    expect(files).toContain('README.md');
    expect(files).toContain('docs/errors.md');
    expect(files.length).toBeGreaterThan(5);
  });

  it('has no table line wider than 120 characters but in the files still listed', () => {
    expect(wideFiles()).toEqual(STILL_WIDE);
  });
});
