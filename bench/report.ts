/** The table the bench prints: each target next to the baseline (see bench/run.ts). */
import { cpus } from 'node:os';
import { CONNECTIONS, DURATION_SECONDS } from './config.js';
import { total, type Figures } from './load.js';

export function report(
  baseline: Figures,
  targets: readonly (readonly [string, Figures])[],
  chargeBaseline: Figures,
): void {
  const ms = (value: number) => value.toFixed(1);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const percent = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(0)}%`);
  const unexpected = (f: Figures) =>
    total(f.unexpected) === 0
      ? '0'
      : Object.entries(f.unexpected)
          .map(([status, count]) => `${count} × ${status}`)
          .join(', ');
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${unexpected(f)} | ` +
    `${f.errors} | ${percent(f.cpu.server)} | ${percent(f.cpu.postgres)} | ${percent(f.cpu.loadGenerator)} | ` +
    `${percent(f.cpu.other)} | ${percent(f.cpu.machine)} | ${rss(f)} |`;
  const rss = (f: Figures) =>
    f.rss === undefined
      ? ''
      : `${f.rss.start.toFixed(0)} → ${f.rss.max.toFixed(0)} → ${f.rss.end.toFixed(0)}`;
  const ratios = (name: string, f: Figures) =>
    `| ${name} / baseline | ${ratio(f.requestsPerSecond / baseline.requestsPerSecond)} | ` +
    `${ratio(f.p50 / baseline.p50)} | ${ratio(f.p99 / baseline.p99)} | | | | | | | | |`;
  const charges = targets.find(([name]) => name === 'POST /orchestration/direct-charges')?.[1];
  const chargeRatio =
    charges === undefined
      ? []
      : [
          `| direct charges / charge baseline | ${ratio(charges.requestsPerSecond / chargeBaseline.requestsPerSecond)} | ` +
            `${ratio(charges.p50 / chargeBaseline.p50)} | ${ratio(charges.p99 / chargeBaseline.p99)} | | | | | | | | |`,
        ];
  console.log(
    [
      '',
      `${CONNECTIONS} connections · ${DURATION_SECONDS} s · node ${process.version} · ${cpus().length} CPUs · ` +
        'baseline = Fastify + pg, one INSERT per POST /customers',
      'unexpected: answers other than 201 (POST) or 200 (GET). CPU over the measured window, in % of one ' +
        "core: the server process, all PostgreSQL processes (other clients' too), autocannon (this process), " +
        'everything else; ' +
        'machine: busy, in % of all cores. RSS: the server process, MB at the start → most → end of the ' +
        'measured window. charge baseline = Fastify + pg writing the rows of a direct charge in one statement.',
      '',
      '| target | requests/s | p50 (ms) | p99 (ms) | unexpected | errors | server CPU | postgres CPU | ' +
        'autocannon CPU | other CPU | machine CPU | RSS (MB) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('baseline (Fastify + pg)', baseline),
      row('charge baseline (Fastify + pg, 5 rows)', chargeBaseline),
      ...targets.map(([name, f]) => row(name, f)),
      ...targets.map(([name, f]) => ratios(name, f)),
      ...chargeRatio,
      '',
    ].join('\n'),
  );
}
