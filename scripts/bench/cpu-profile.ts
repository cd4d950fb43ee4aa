import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  /** Microseconds on the system's monotonic clock, the one `process.hrtime` reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  /** `process.hrtime.bigint() / 1000n` when the window opened, in any process of this machine. */
  fromMicros: bigint;
  toMicros: bigint;
}

export interface CpuTimeShare {
  name: string;
  ms: number;
  /** Of the window's sampled time (idle included). */
  share: number;
}

export interface CpuProfileSummary {
  sampledMs: number;
  /** Sampled time the process was not idle. */
  busyMs: number;
  /** Self time by code area: a workspace package, a dependency, V8/Node internals, GC, idle. */
  areas: CpuTimeShare[];
  /** Self time by function. */
  selfTime: CpuTimeShare[];
  /** Time with the function anywhere on the synchronous stack (an async function counts from each resumption). */
  totalTime: CpuTimeShare[];
}

/**
 * The clock `node --cpu-prof` timestamps samples with, so a window can be cut out of another process's profile.
 *
 * @example
 * const from = profileClock(); await runLoad(); const window = { fromMicros: from, toMicros: profileClock() };
 */
export function profileClock(): bigint {
  return process.hrtime.bigint() / 1000n;
}

function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency) return dependency[1]!;
  const workspace = /^(packages|services|datasets|scripts)\/([^/]+)/.exec(relative(root, path));
  return workspace ? `${workspace[1]}/${workspace[2]}` : relative(root, path);
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  const path = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
  const where = path.includes('node_modules') ? path.replace(/.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '') : relative(root, path);
  // tsx hands V8 whitespace-minified code: every line number of a transpiled file is 1, so none is shown.
  return `${frame.functionName || '(anonymous)'} ${where}${frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ''}`;
}

const isWasm = (url: string) => url.startsWith('wasm:');

function top(times: Map<string, number>, sampledMs: number, count: number): CpuTimeShare[] {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / sampledMs }));
}

/**
 * Where a process's CPU went during a window: self time by code area and by function, and time
 * with each function on the stack, from a `.cpuprofile` file.
 *
 * @example
 * const summary = summariseCpuProfile('/tmp/prof/CPU.….cpuprofile', window, { root: '/work/main' });
 * summary.areas[0] // { name: 'packages/matching', ms: 9120.4, share: 0.31 }
 */
export function summariseCpuProfile(file: string, window: ProfileWindow, options: { root: string; top?: number }): CpuProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const count = options.top ?? 15;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const from = Number(window.fromMicros);
  const to = Number(window.toMicros);

  const areas = new Map<string, number>();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMs = 0;
  let idleMs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (at < from || at > to) continue;
    // A sample stands for the time until the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    sampledMs += ms;
    if (node.callFrame.functionName === '(idle)') idleMs += ms;
    // WebAssembly (PGlite's PostgreSQL, jieba) is put down to the JavaScript that called it.
    let caller: number | undefined = node.id;
    while (caller !== undefined && isWasm(byId.get(caller)!.callFrame.url)) caller = parent.get(caller);
    const callerFrame = byId.get(caller ?? node.id)!.callFrame;
    const area = areaOf(callerFrame.url, callerFrame.functionName, options.root) + (isWasm(node.callFrame.url) ? ' (its wasm)' : '');
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = isWasm(node.callFrame.url) ? `(wasm) called from ${frameName(callerFrame, options.root)}` : frameName(node.callFrame, options.root);
    self.set(name, (self.get(name) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!frame.url || frame.url.startsWith('node:') || frame.url.includes('node_modules') || isWasm(frame.url)) continue;
      const onStack = frameName(frame, options.root);
      if (seen.has(onStack)) continue;
      seen.add(onStack);
      total.set(onStack, (total.get(onStack) ?? 0) + ms);
    }
  }
  return { sampledMs, busyMs: sampledMs - idleMs, areas: top(areas, sampledMs, count), selfTime: top(self, sampledMs, count), totalTime: top(total, sampledMs, count) };
}

/**
 * The summary as report lines.
 *
 * @example
 * for (const line of cpuProfileLines(summary)) print(line);
 */
export function cpuProfileLines(summary: CpuProfileSummary): string[] {
  const list = (items: CpuTimeShare[]) => items.map((t) => `    ${(100 * t.share).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  return [
    `  ${(summary.sampledMs / 1000).toFixed(1)} s sampled, busy ${((100 * summary.busyMs) / summary.sampledMs).toFixed(0)}% of it`,
    '  self time by area:',
    ...list(summary.areas),
    '  self time by function:',
    ...list(summary.selfTime),
    '  time on the stack, project code (async functions count from each resumption):',
    ...list(summary.totalTime),
  ];
}
