/**
 * Runs fuzz jobs in worker threads, `parallel` at a time, with a watchdog: a worker whose case
 * counter does not move for `caseTimeoutMs` is terminated and its current input reported as a
 * hang. Time is bounded by the run, never asserted: a hang is a case that never finishes.
 *
 * The worker (worker.ts) is bundled with esbuild into a temporary directory first, so it runs as
 * plain JavaScript in any worker thread, whatever loader the test runner uses.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Doc, Family } from './arbitraries';
import { HEADER_BYTES, type JobReport } from './protocol';

export interface Job {
  readonly family: Family;
  readonly runs: number;
  readonly seed: number;
  /** Only for the runner's own test: case number `hangAt` never finishes. */
  readonly hangAt?: number;
}

export interface JobResult extends Job {
  readonly cases: number;
  readonly ms: number;
  readonly known: Record<string, number>;
  readonly failure?: JobReport['failure'];
  readonly hang?: { readonly input: Doc | undefined; readonly afterMs: number };
  /** The worker died (out of memory, an uncaught error outside the property). */
  readonly crash?: string;
}

export interface RunOptions {
  readonly parallel?: number;
  /** A case that takes longer than this is a hang (default 60 s: generous on a shared machine). */
  readonly caseTimeoutMs?: number;
  readonly onResult?: (result: JobResult, done: number, total: number) => void;
  /** Jobs to add after a result (the long run replaces the cases a failure cut short). */
  readonly more?: (result: JobResult) => readonly Job[];
}

const SHARED_BYTES = 8 * 1024 * 1024;

export async function bundleWorker(): Promise<{ file: string; dispose(): void }> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'napkin-fuzz-'));
  const file = join(dir, 'worker.js');
  await esbuild.build({ entryPoints: [join(__dirname, 'worker.ts')], outfile: file, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', define: { __dirname: JSON.stringify(__dirname) } });
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function runJobs(jobs: readonly Job[], options: RunOptions = {}): Promise<JobResult[]> {
  const { file, dispose } = await bundleWorker();
  const parallel = Math.max(1, options.parallel ?? 1);
  const caseTimeoutMs = options.caseTimeoutMs ?? 60_000;
  const queue = [...jobs];
  const results: JobResult[] = [];
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < queue.length) {
      const index = next++;
      results[index] = await runJob(file, queue[index]!, caseTimeoutMs);
      done++;
      queue.push(...(options.more?.(results[index]!) ?? []));
      options.onResult?.(results[index]!, done, queue.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, lane));
  } finally {
    dispose();
  }
  return results;
}

function runJob(file: string, job: Job, caseTimeoutMs: number): Promise<JobResult> {
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const header = new Int32Array(shared, 0, 2);
  const started = Date.now();
  const worker = new Worker(file, { workerData: { ...job, shared }, resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 4 } });
  return new Promise<JobResult>((resolve) => {
    let settled = false;
    let lastCount = -1;
    let lastChange = Date.now();
    const finish = (result: Omit<JobResult, keyof Job | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      resolve({ ...job, ms: Date.now() - started, ...result });
    };
    const currentInput = (): Doc | undefined => {
      const length = Atomics.load(header, 1);
      try {
        return JSON.parse(new TextDecoder().decode(new Uint8Array(shared, HEADER_BYTES, length).slice())) as Doc;
      } catch {
        return undefined;
      }
    };
    const watchdog = setInterval(() => {
      const count = Atomics.load(header, 0);
      if (count !== lastCount) {
        lastCount = count;
        lastChange = Date.now();
        return;
      }
      // Before the first case the worker is still loading: give it a minute whatever the case timeout.
      if (Date.now() - lastChange >= (count === 0 ? Math.max(caseTimeoutMs, 60_000) : caseTimeoutMs)) {
        const input = currentInput();
        void worker.terminate();
        finish({ cases: count, known: {}, hang: { input, afterMs: Date.now() - lastChange } });
      }
    }, Math.min(1000, caseTimeoutMs / 4));
    worker.on('message', (report: JobReport) => finish({ cases: report.cases, known: report.known, failure: report.failure }));
    worker.on('error', (error) => finish({ cases: Atomics.load(header, 0), known: {}, crash: `${error.stack ?? error.message}\ninput: ${JSON.stringify(currentInput())?.slice(0, 2000)}` }));
    worker.on('exit', (code) => finish({ cases: Atomics.load(header, 0), known: {}, crash: `the worker exited with code ${code} before reporting` }));
  });
}

/** One human-readable paragraph per problem of a run. */
export function describeProblems(results: readonly JobResult[]): string[] {
  return results.flatMap((r) => {
    const where = `${r.family} (seed ${r.seed}, ${r.runs} runs)`;
    if (r.hang) return [`HANG in ${where}: a case ran for ${r.hang.afterMs} ms without finishing; input ${JSON.stringify(r.hang.input)}`];
    if (r.crash) return [`CRASH in ${where}: ${r.crash}`];
    if (r.failure) return [`FAILURE in ${where} after ${r.failure.shrinks} shrinks: ${r.failure.message}\ninput ${JSON.stringify(r.failure.input)}`];
    return [];
  });
}
