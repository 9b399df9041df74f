import { Bench } from 'tinybench';

/** One contender of a comparison: a name, what its number includes, and the operation. */
export interface Contender {
  name: string;
  includes: string;
  fn: () => Promise<unknown>;
  /** Untimed per-iteration preparation (tinybench `beforeEach`). */
  beforeEach?: () => void | Promise<void>;
}

export interface Measured {
  name: string;
  includes: string;
  /** Median over rounds of each round's mean throughput. */
  opsPerSec: number;
  /** Per-round throughputs, to show the spread. */
  rounds: number[];
  /** Latency percentiles (ms) of the best round, from tinybench's samples. */
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

export interface MeasureOptions {
  /** Time per task per round (ms). */
  time: number;
  rounds: number;
  warmupTime: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs the contenders of one comparison in many short interleaved rounds (A B C, A B C, ...): a slow moment
 * of a 2-core machine (GC, another process) then falls on neighbouring rounds of every contender alike
 * rather than on whichever happened to run at that moment. Ratios are taken per round, then the median.
 */
export async function compare(contenders: Contender[], options: MeasureOptions): Promise<Measured[]> {
  for (const c of contenders) {
    // A contender that fails is a broken benchmark, not a slow one: fail loudly before timing anything.
    await c.beforeEach?.();
    await c.fn();
  }
  const perTask = new Map<string, { hz: number[]; p50: number[]; p99: number[]; samples: number[] }>();
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.time,
      warmup: round === 0,
      warmupTime: options.warmupTime,
      iterations: 8,
      throws: true,
    });
    for (const c of contenders) bench.add(c.name, c.fn, c.beforeEach ? { beforeEach: c.beforeEach } : {});
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
      const entry = perTask.get(task.name) ?? { hz: [], p50: [], p99: [], samples: [] };
      entry.hz.push(result.throughput.mean);
      entry.p50.push(result.latency.p50);
      entry.p99.push(result.latency.p99);
      entry.samples.push(result.latency.samplesCount);
      perTask.set(task.name, entry);
    }
  }
  return contenders.map((c) => {
    const e = perTask.get(c.name)!;
    return {
      name: c.name,
      includes: c.includes,
      opsPerSec: Math.round(median(e.hz)),
      rounds: e.hz.map((v) => Math.round(v)),
      p50Ms: round3(median(e.p50)),
      p99Ms: round3(median(e.p99)),
      samples: e.samples.reduce((a, b) => a + b, 0),
    };
  });
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Ratio of a to b, two decimals. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}

/** The median over rounds of a's throughput over b's in the same round (the rounds ran side by side). */
export function pairedRatio(a: Measured, b: Measured): number {
  const n = Math.min(a.rounds.length, b.rounds.length);
  return ratio(median(Array.from({ length: n }, (_, i) => a.rounds[i]! / b.rounds[i]!)), 1);
}
