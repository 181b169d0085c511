/**
 * A lint's files spread over threads. With V8's optimising compiler off (v8-flags.ts), a lint
 * leaves the machine's other cores idle, and the analysis of one file needs nothing from another:
 * so worker threads take files from one shared counter beside the main thread, each with configs
 * of its own, and hand back plain results, which are put back in file order. A worker takes 50–100 ms
 * to start (Node's start of a thread, then this bundle compiled again), so small lints stay on one
 * thread. Measured in bench/history.md ("Cold lint on two threads").
 */

import { availableParallelism } from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createConfigResolver, type ConfigResolver } from './config-files';
import { CliError, resolveEnv, type Env } from './env';
import type { FileStat, InputFile } from './files';
import { lintFile, type LintOutcome } from './lint-file';
import { OPTIMISE_FROM } from './v8-flags';

/** With less than this to check per thread, a worker does not repay its start (two threads: slower at 0.75 MB, faster at 1.5). */
const BYTES_PER_THREAD = 512 * 1024;
/** Past this, threads mostly wait on the same memory and disk. */
const MAX_THREADS = 16;

/** `--concurrency`: `auto`, `off` (one thread), or a number of threads. */
export type Concurrency = 'auto' | number;

export function parseConcurrency(value: unknown): Concurrency {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 1;
  if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) >= 1) return Math.min(Number(value), MAX_THREADS);
  throw new CliError(`--concurrency must be auto, off or a number of threads of 1 or more, not ${JSON.stringify(value)}`);
}

/**
 * How many threads a lint of `bytes` in `files` files uses. Automatically: one per core, as long as
 * each has enough to check; and where each thread would still have enough text to want optimised
 * code, one per two cores, since that code is compiled on another core. A number given is taken as
 * it is (at most one thread a file).
 */
export function threadsFor(concurrency: Concurrency, bytes: number, files: number, cores = availableParallelism()): number {
  if (concurrency !== 'auto') return Math.max(1, Math.min(files, concurrency));
  const threads = Math.max(1, Math.min(files, cores, MAX_THREADS, Math.floor(bytes / BYTES_PER_THREAD)));
  return bytes / threads >= OPTIMISE_FROM ? Math.max(1, Math.floor(threads / 2)) : threads;
}

export interface LintRequest {
  readonly files: readonly InputFile[];
  /** `--config`. */
  readonly config: string | undefined;
  readonly includeHints: boolean;
}

/** What a worker is started with; `next` is the counter every thread takes its next file from. */
interface Job extends LintRequest {
  readonly napkin: 'lint-worker';
  readonly cwd: string;
  readonly next: Int32Array;
}

/**
 * Every file's outcome, in file order, on `threads` threads: this one and workers running
 * `env.workerScript`. Only the executable has one: a test running `main` in process does not, and
 * everything runs here. The workers start once the files are known, not sooner: starting one
 * slows this thread down for a while (both fault in fresh memory), which a small lint would feel.
 */
export async function lintFiles(env: Env, configs: ConfigResolver, request: LintRequest, stats: readonly (FileStat | undefined)[], threads: number): Promise<LintOutcome[]> {
  const { files, includeHints } = request;
  const outcomes: (LintOutcome | undefined)[] = new Array(files.length);
  const here = (index: number) => (outcomes[index] = lintFile(env, configs, files[index]!, stats[index], includeHints));
  const job: Job = { ...request, napkin: 'lint-worker', cwd: env.cwd, next: new Int32Array(new SharedArrayBuffer(4)) };
  const script = env.workerScript;
  const workers = script === undefined ? [] : Array.from({ length: threads - 1 }, () => startWorker(script, job, outcomes));
  takeFiles(job.next, files.length, here);
  await Promise.all(workers);
  // A worker that died (out of memory, say) leaves the files it had taken: they are checked here.
  for (let index = 0; index < files.length; index++) if (outcomes[index] === undefined) here(index);
  return outcomes as LintOutcome[];
}

function startWorker(script: string, job: Job, outcomes: (LintOutcome | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: job, stdout: true, stderr: true });
    worker.on('message', (results: [number, LintOutcome][]) => {
      for (const [index, outcome] of results) outcomes[index] = outcome;
      resolve();
    });
    // Either way the main thread checks whatever is missing.
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}

function takeFiles(next: Int32Array, count: number, check: (index: number) => void): void {
  for (let index = Atomics.add(next, 0, 1); index < count; index = Atomics.add(next, 0, 1)) check(index);
}

/** Whether this thread is a lint's worker, started by `lintFiles`. */
export function isLintWorker(): boolean {
  return parentPort !== null && (workerData as Partial<Job> | undefined)?.napkin === 'lint-worker';
}

/** A worker's whole life: take files until none is left, then post the outcomes at once. */
export function runLintWorker(): void {
  const job = workerData as Job;
  const silent = { write: () => true };
  const env = resolveEnv({ argv: [], cwd: job.cwd, stdout: silent, stderr: silent });
  const configs = createConfigResolver(env, job.config);
  const results: [number, LintOutcome][] = [];
  takeFiles(job.next, job.files.length, (index) => results.push([index, lintFile(env, configs, job.files[index]!, undefined, job.includeHints)]));
  parentPort!.postMessage(results);
}
