/**
 * `baobab <command>`: serve (default) · migrate · merchants create|list|rotate-keys|webhook ·
 * reset · sandbox approve|decline|transfer-in · clock · listen · fixtures · trigger · help. Every
 * command and its options are one entry of COMMANDS (commands.ts); options are parsed here, strictly,
 * with node:util's parseArgs, so `--help` on any command prints its help and does nothing
 * else, and a misuse is one line plus the command's usage, exit 2.
 * Commands that touch the store open it the way `serve` does (PGlite data dir or DATABASE_URL), or,
 * while a gateway serves the data directory, ask it through its admin API (gateway-client.ts);
 * listen, trigger, clock and fixtures are HTTP clients of a running gateway.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';

import { COMMANDS, type Command } from './commands.js';

const usageLine = (name: string) =>
  `baobab ${name}${COMMANDS[name]?.synopsis ? ` ${COMMANDS[name].synopsis}` : ''}`;
const indent = (lines: string, by: string) => lines.replace(/^/gm, by);

/** The list of commands, or of those under a group such as `merchants`. */
function listing(group?: string): string {
  const names = Object.keys(COMMANDS).filter((n) => group === undefined || n.startsWith(`${group} `));
  const entries = names.map(
    (n) => `${indent(usageLine(n), '  ')}\n${indent(COMMANDS[n]?.about ?? '', '      ')}`,
  );
  const tail = group === undefined ? '  baobab --version\n  baobab help [command]\n' : '';
  return `Usage:\n${entries.join('\n')}\n${tail}\nRun \`baobab <command> --help\` for a command's options.\n`;
}

function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([flag, o]) => {
    const left = `--${flag}${o.value === undefined ? '' : ` ${o.value}`}`;
    return `  ${left.padEnd(22)} ${o.help}`;
  });
  options.push(`  ${'-h, --help'.padEnd(22)} Show this help.`);
  return `Usage: ${usageLine(name)}\n\n${command.about}\n\nOptions:\n${options.join('\n')}\n`;
}

const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** The longest command name the leading words spell, and the rest of the arguments. */
function resolve(argv: readonly string[]): { name: string; rest: string[] } | undefined {
  for (let words = Math.min(3, argv.length); words > 0; words--) {
    const name = argv.slice(0, words).join(' ');
    if (COMMANDS[name]) return { name, rest: argv.slice(words) };
  }
  return undefined;
}

/** The group (`merchants`) the leading words start, when they name no command of it. */
const groupOf = (argv: readonly string[]): string | undefined => {
  const [first] = argv;
  return Object.keys(COMMANDS).some((n) => n.startsWith(`${first ?? ''} `)) ? first : undefined;
};

const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** A parser error as one short line: its first sentence, lower-cased. */
const parseProblem = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('. ')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
};

const fail = (prefix: string, problem: string, usage: string): number => {
  process.stderr.write(`${prefix}: ${problem}\n\n${usage}`);
  return 2;
};

export async function run(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined) return runCommand('serve', []);
  if (first === '--help' || first === '-h') {
    process.stdout.write(listing());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    const asked = argv.slice(1);
    if (asked.length === 0) {
      process.stdout.write(listing());
      return 0;
    }
    const found = resolve(asked);
    if (found && found.rest.length === 0) return help(found.name);
    const group = groupOf(asked);
    if (group !== undefined && asked.length === 1) return help(group);
    return fail('baobab help', `no command "${asked.join(' ')}"`, listing());
  }
  if (first.startsWith('-')) return fail('baobab', `unknown option ${first}`, listing());
  const found = resolve(argv);
  if (found) return runCommand(found.name, found.rest);
  const group = groupOf(argv);
  if (group !== undefined) {
    if (wantsHelp(argv.slice(1))) return help(group);
    const second = argv[1];
    const problem = second === undefined ? 'name a subcommand' : `unknown subcommand "${second}"`;
    return fail(`baobab ${group}`, problem, listing(group));
  }
  return fail('baobab', `unknown command "${first}"`, listing());
}

function help(name: string): number {
  const command = COMMANDS[name];
  process.stdout.write(command ? commandHelp(name, command) : listing(name));
  return 0;
}

async function runCommand(name: string, args: readonly string[]): Promise<number> {
  const command = COMMANDS[name];
  if (!command) throw new Error(`no command ${name}`);
  if (wantsHelp(args)) return help(name);
  const usage = (problem: string) => fail(`baobab ${name}`, problem, `Usage: ${usageLine(name)}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: command.positionals ?? false,
      options: Object.fromEntries(
        Object.entries(command.options ?? {}).map(([flag, o]) => [
          flag,
          o.type === 'string'
            ? {
                type: 'string' as const,
                ...(o.default !== undefined && { default: o.default }),
                ...(o.multiple === true && { multiple: true }),
              }
            : { type: 'boolean' as const },
        ]),
      ),
    });
  } catch (error) {
    return usage(parseProblem(error));
  }
  const config = loadConfig();
  return command.run({ config, values: parsed.values, positionals: parsed.positionals, usage });
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`baobab: ${message}\n`);
    process.exit(1);
  },
);
