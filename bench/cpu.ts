/** CPU time of the server, PostgreSQL and the machine, from /proc (see bench/run.ts). */
import { readdirSync, readFileSync } from 'node:fs';

// CPU time, from /proc (Linux; elsewhere the CPU columns stay empty). Clock ticks are USER_HZ = 100.
export const TICKS_PER_SECOND = 100;

/** Seconds of CPU the process has used (user + system), or undefined without /proc. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3 (state); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The machine's busy and total CPU seconds, all cores together, or undefined without /proc. */
export function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** CPU seconds by pid of every PostgreSQL process (the server's backends among them); empty without /proc. */
export function postgresCpuSeconds(): Map<string, number> {
  const seconds = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return seconds;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // gone since the listing
    }
  }
  return seconds;
}

export interface Cpu {
  /** The server process, in % of one core. */
  readonly server: number | undefined;
  /** Every PostgreSQL process together, in % of one core. */
  readonly postgres: number | undefined;
  /** This process (autocannon), in % of one core. */
  readonly loadGenerator: number;
  /** Everything else on the machine (other work on a shared machine), in % of one core. */
  readonly other: number | undefined;
  /** The whole machine, in % of all its cores. */
  readonly machine: number | undefined;
}

/** Starts counting CPU time; the function it returns tells the use since then. */
export function cpuMeter(serverPid: number | undefined): () => Cpu {
  const started = process.hrtime.bigint();
  const server = processCpuSeconds(serverPid);
  const own = process.cpuUsage();
  const machine = machineCpuSeconds();
  const postgres = postgresCpuSeconds();
  return () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const serverNow = processCpuSeconds(serverPid);
    const ownNow = process.cpuUsage(own);
    const machineNow = machineCpuSeconds();
    let postgresSeconds = 0;
    for (const [pid, now] of postgresCpuSeconds()) postgresSeconds += now - (postgres.get(pid) ?? 0);
    const percent = (cpuSeconds: number) => (100 * cpuSeconds) / seconds;
    const serverPercent =
      server === undefined || serverNow === undefined ? undefined : percent(serverNow - server);
    const loadGenerator = percent((ownNow.user + ownNow.system) / 1e6);
    const postgresPercent = machine === undefined ? undefined : percent(postgresSeconds);
    if (machine === undefined || machineNow === undefined || serverPercent === undefined) {
      return {
        server: serverPercent,
        postgres: postgresPercent,
        loadGenerator,
        other: undefined,
        machine: undefined,
      };
    }
    const busy = percent(machineNow.busy - machine.busy);
    return {
      server: serverPercent,
      postgres: postgresPercent,
      loadGenerator,
      other: Math.max(0, busy - serverPercent - (postgresPercent ?? 0) - loadGenerator),
      machine: (100 * (machineNow.busy - machine.busy)) / (machineNow.total - machine.total),
    };
  };
}

/** Resident memory of the process in MB (VmRSS), or undefined without /proc. */
export function processRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples the process's RSS every 250 ms from now; the returned function stops and reports. */
export function rssMeter(
  pid: number | undefined,
): () => { start: number; max: number; end: number } | undefined {
  const start = processRssMb(pid);
  let max = start ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, processRssMb(pid) ?? 0);
  }, 250);
  return () => {
    clearInterval(timer);
    const end = processRssMb(pid);
    return start === undefined || end === undefined ? undefined : { start, max: Math.max(max, end), end };
  };
}
