import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runPartnerLoad, type PartnerCorpus, type PartnerLoad, type PartnerLoadResult } from './partner-traffic.ts';

/** One build of the service to put under the partner mix: the checkout it runs from and a label. */
export interface ServiceBuild {
  label: string;
  /** A checkout of the repository with its dependencies installed (`node_modules`). */
  root: string;
}

export interface ComparisonOptions {
  builds: readonly [ServiceBuild, ServiceBuild];
  /** Starts a build's API on the shared data directory; resolves once its index is ready. */
  start: (build: ServiceBuild) => Promise<ChildProcess>;
  load: Omit<PartnerLoad, 'durationSeconds'>;
  corpus: PartnerCorpus;
  /** Measured seconds per run. */
  durationSeconds: number;
  /** Unmeasured seconds of the same mix first, so each process's caches and JIT are warm. */
  warmUpSeconds: number;
  /** Runs per build, alternating A B A B … (default 2). */
  rounds?: number;
}

export interface ComparedRun {
  build: ServiceBuild;
  result: PartnerLoadResult;
  /** CPU the service process used during the measured run (user + system), per request. */
  serverCpuMsPerRequest: number;
  /** `os.loadavg()[0]` when the run ended. */
  loadAverage: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time a process has used so far (user + system), in ms, from `/proc/<pid>/stat`. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/**
 * Before/after on one machine in one run: starts each build of the service in turn on the same
 * data, warms it up, and puts it under the partner mix, alternating A B A B so that a change in
 * the machine's load falls on both builds. Besides the client's figures it reads the service's
 * own CPU time per request, which other work on the machine disturbs much less than throughput.
 *
 * @example
 * const runs = await compareBuilds({ builds: [{ label: 'before', root: '/tmp/base' }, { label: 'after', root: ROOT }], start, load, corpus, durationSeconds: 30, warmUpSeconds: 5 });
 * comparisonLines(runs) // ['before run 1: 270 req/s, p99 160 ms, … 3.4 ms CPU per request', …, 'after ÷ before: …']
 */
export async function compareBuilds(options: ComparisonOptions): Promise<ComparedRun[]> {
  const runs: ComparedRun[] = [];
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    for (const build of options.builds) {
      const server = await options.start(build);
      try {
        await runPartnerLoad({ ...options.load, durationSeconds: options.warmUpSeconds }, options.corpus);
        const cpuBefore = processCpuMs(server.pid!);
        const result = await runPartnerLoad({ ...options.load, durationSeconds: options.durationSeconds }, options.corpus);
        const cpuMs = processCpuMs(server.pid!) - cpuBefore;
        runs.push({ build, result, serverCpuMsPerRequest: cpuMs / Math.max(1, result.overall.requests), loadAverage: loadavg()[0]! });
      } finally {
        await stop(server);
      }
    }
  }
  return runs;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/**
 * Report lines: every run, then each build's means and the second build ÷ the first.
 *
 * @example
 * for (const line of comparisonLines(runs)) print(line);
 */
export function comparisonLines(runs: readonly ComparedRun[]): string[] {
  const lines = runs.map((run, i) => {
    const o = run.result.overall;
    const kinds = run.result.kinds.map((k) => `${k.kind} p99 ${k.p99Ms.toFixed(0)}`).join(', ');
    return `  ${run.build.label} (run ${i + 1}): ${Math.round(o.perSecond)} req/s, p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms, errors ${o.errors + o.timeouts + o.non2xx}; server CPU ${run.serverCpuMsPerRequest.toFixed(2)} ms per request; load average ${run.loadAverage.toFixed(2)} (${kinds})`;
  });
  const labels = [...new Set(runs.map((r) => r.build.label))];
  const summary = labels.map((label) => {
    const mine = runs.filter((r) => r.build.label === label);
    return {
      label,
      perSecond: mean(mine.map((r) => r.result.overall.perSecond)),
      p99: mean(mine.map((r) => r.result.overall.p99Ms)),
      cpu: mean(mine.map((r) => r.serverCpuMsPerRequest)),
    };
  });
  for (const s of summary) lines.push(`  ${s.label}, mean of ${runs.filter((r) => r.build.label === s.label).length} runs: ${Math.round(s.perSecond)} req/s, p99 ${s.p99.toFixed(0)} ms, server CPU ${s.cpu.toFixed(2)} ms per request`);
  if (summary.length === 2) {
    const [a, b] = summary as [(typeof summary)[number], (typeof summary)[number]];
    lines.push(`  ${b.label} ÷ ${a.label}: throughput ${(b.perSecond / a.perSecond).toFixed(2)}×, p99 ${(b.p99 / a.p99).toFixed(2)}×, server CPU per request ${(b.cpu / a.cpu).toFixed(2)}×`);
  }
  return lines;
}
