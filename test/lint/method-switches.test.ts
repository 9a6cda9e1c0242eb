/**
 * No switch on a payment method outside src/methods: a `case '<id>'` naming a method id, a v3 charge
 * type or a payment-method type belongs in the method's own module, or in a table inside src/methods
 * that the compiler keeps exhaustive (issue 12). A new file with a method switch fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/methods/index.js';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Every name a method goes by: its id, its payment-method type, its v3 charge type. */
const NAMES = new Set(METHODS.flatMap((m) => [m.id, m.type, ...(m.v3 ? [m.v3.type] : [])]));

/** Switches whose cases only share a name with a method: page states and sandbox page kinds. */
const NOT_ON_METHODS = new Set(['src/web/checkout/checkout-page.ts', 'src/web/sandbox/redirect-page.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The method names a file's `case` labels name. */
const switchesIn = (text: string): string[] =>
  [...new Set([...text.matchAll(/\bcase\s+'([^']+)'\s*:/g)].map((m) => m[1] ?? ''))]
    .filter((name) => NAMES.has(name))
    .sort();

/** The method names each file outside src/methods switches on. */
function methodSwitches(): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of files(SRC)) {
    const path = relative(ROOT, file).replaceAll('\\', '/');
    if (path.startsWith('src/methods/') || NOT_ON_METHODS.has(path)) continue;
    const text = readFileSync(file, 'utf8');
    const names = switchesIn(text);
    if (names.length > 0) found[path] = names;
  }
  return found;
}

describe('method switches live in src/methods', () => {
  it('finds a switch on a method id wherever it is written', () => {
    const probe = "switch (m.id) {\n  case 'fawry':\n    return 1;\n  case 'pending':\n    return 2;\n}";
    expect(switchesIn(probe)).toEqual(['fawry']);
  });

  it('knows the method names it looks for', () => {
    for (const name of ['card', 'fawry', 'fawry_pay', 'mobile-money-ghana', 'mobile_money_ghana', 'ussd']) {
      expect(NAMES.has(name)).toBe(true);
    }
  });

  it('finds no switch on a method outside src/methods', () => {
    expect(methodSwitches()).toEqual({});
  });
});
