/**
 * A lint's files spread over threads. With V8's optimising compiler off (v8-flags.ts), a lint
 * leaves the machine's other cores idle, and the analysis of one file needs nothing from another:
 * so worker threads take files from one shared counter beside the main thread, each with configs
 * of its own, and hand back plain results, which are put back in file order. A worker takes 50–150 ms
 * to start (Node's start of a thread, then the CLI's bundle read from its code cache), so small
 * lints stay on one thread. Measured in bench/history.md ("Cold lint: a second thread, a faster
 * parser, and notes that need no analysis"; "Lint workers: the CLI's code cache").
 */

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { NapkinConfig } from '../core/config';
import { isFailure, readFile } from './check-file';
import { createConfigResolver, type ConfigResolver } from './config-files';
import { contentHash } from './content-hash';
import { CliError, resolveEnv, type Env } from './env';
import type { InputFile } from './files';
import type { LintCache } from './lint-cache';
import { clean, lintFile, lintText, needsAnalysis, type LintOutcome } from './lint-file';
import { isLintWorker, LINT_WORKER_ARG } from './lint-worker';
import { OPTIMISE_FROM, willAnalyseInAll } from './v8-flags';

/** With less than this to check per thread, a worker does not repay its start (two threads: slower at 0.75 MB, faster at 1.5). */
const BYTES_PER_THREAD = 512 * 1024;
/** How many files read tell enough of a folder to start workers on (they read a few more ms each). */
const FILES_TO_GO_BY = 16;
/** A cap, so that a machine with many cores does not start dozens of workers (each a heap of its own) for one lint. */
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
 * How many threads a lint with `bytes` in `files` files to analyse uses. Automatically: one per
 * core, as long as each has enough to analyse; and where each thread would still have enough text
 * to want optimised code, one per two cores, since that code is compiled on another core. A number
 * given is taken as it is (at most one thread a file).
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
  /** `--cache`: files it has are not analysed, and it keeps what the others give. */
  readonly cache?: LintCache;
}

/** What a worker is given once the files are read: the ones to analyse, and the counter every thread takes its next one from. */
interface Job {
  readonly files: readonly InputFile[];
  readonly config: string | undefined;
  readonly cwd: string;
  readonly next: Int32Array;
  /** With a cache that goes by content: each outcome comes with the hash of the text the worker read (LintCache.keep). */
  readonly hashes: boolean;
}

/**
 * Every file's outcome, in file order. First this thread reads every file: one that fails, needs
 * no analysis, or is in the cache, is done there and then, and the others wait with their texts. Then they are analysed
 * on as many threads as they are worth, taking files from one counter. Workers (only the
 * executable has a script for them: a test running `main` in process does not, and everything runs
 * here) start during the reading, as soon as the files read so far promise enough to analyse for
 * them, so that their start overlaps the reading; a worker the whole turns out not to need is
 * stopped. A worker reads again the files it takes.
 */
export async function lintFiles(env: Env, configs: ConfigResolver, request: LintRequest, concurrency: Concurrency): Promise<LintOutcome[]> {
  const { files, cache } = request;
  const outcomes: (LintOutcome | undefined)[] = new Array(files.length);
  const waiting: { readonly index: number; text: string; readonly config: NapkinConfig }[] = [];
  const workers: Started[] = [];
  let bytes = 0;
  // Asked once: the question is a system call, and the loop below asks after every file.
  let cores: number | undefined;
  /** A file's outcome, if it has one without being analysed: it cannot be read, needs no analysis, or the cache has it. Otherwise it waits, read. */
  const look = (index: number, file: InputFile): LintOutcome | undefined => {
    const unread = cache?.findUnread(file, configs);
    if (unread) return unread;
    const read = readFile(env, configs, file);
    if (isFailure(read)) return { kind: 'failed', messages: read.messages };
    if (!needsAnalysis(file, read.text)) {
      cache?.clean(file, read);
      return clean;
    }
    const kept = cache?.find(file, read);
    if (kept) return kept;
    waiting.push({ index, text: read.text, config: read.config });
    bytes += read.text.length;
    return undefined;
  };
  for (let index = 0; index < files.length; index++) {
    outcomes[index] = look(index, files[index]!);
    // What the files read so far say of the whole, once there are enough of them to go by.
    const seen = index + 1;
    if (env.workerScript === undefined || seen < Math.min(files.length, FILES_TO_GO_BY)) continue;
    const wanted = threadsFor(concurrency, (bytes / seen) * files.length, Math.ceil((waiting.length / seen) * files.length), (cores ??= availableParallelism())) - 1;
    while (workers.length < wanted) workers.push(startWorker(env.workerScript));
  }

  const threads = env.workerScript === undefined ? 1 : threadsFor(concurrency, bytes, waiting.length, cores);
  willAnalyseInAll(bytes / threads);
  for (const { worker } of workers.slice(threads - 1)) void worker.terminate();
  const job: Job = { files: waiting.map((w) => files[w.index]!), config: request.config, cwd: env.cwd, next: new Int32Array(new SharedArrayBuffer(4)), hashes: cache?.strategy === 'content' };
  const here = (position: number) => {
    const file = waiting[position]!;
    outcomes[file.index] = lintText(files[file.index]!, file.text, file.config);
    file.text = '';
  };
  const hashes: (string | undefined)[] = [];
  const running = workers.slice(0, threads - 1).map(async ({ worker, settled }) => {
    // From here on the process waits for it.
    worker.ref();
    worker.postMessage(job);
    for (const [position, outcome, analysed] of (await settled) ?? []) {
      outcomes[waiting[position]!.index] = outcome;
      if (analysed !== undefined) hashes[position] = analysed;
    }
  });
  takeFiles(job.next, waiting.length, here);
  await Promise.all(running);
  // A worker that died (out of memory, say) leaves the files it had taken: they are checked here.
  for (let position = 0; position < waiting.length; position++) if (outcomes[waiting[position]!.index] === undefined) here(position);
  if (cache) for (const [position, { index }] of waiting.entries()) cache.keep(files[index]!, outcomes[index]!, hashes[position]);
  return outcomes as LintOutcome[];
}

function takeFiles(next: Int32Array, count: number, check: (position: number) => void): void {
  for (let position = Atomics.add(next, 0, 1); position < count; position = Atomics.add(next, 0, 1)) check(position);
}

/** What a worker gives for a file it took: its position in the job, its outcome, and with a cache the hash of the text it read. */
type Analysed = readonly [position: number, outcome: LintOutcome, analysed?: string];

interface Started {
  readonly worker: Worker;
  /** The worker's outcomes, by position in the job; undefined when it died first (the main thread then checks its files). */
  readonly settled: Promise<Analysed[] | undefined>;
}

/**
 * Listens from the start, so that a worker that dies before it has a job neither goes unnoticed nor
 * crashes the process. Until it has a job it does not keep the process alive: should the main
 * thread fail before handing out the job, the process still ends.
 */
function startWorker(script: string): Started {
  const worker = new (workerThreads().Worker)(script, { stdout: true, stderr: true, argv: [LINT_WORKER_ARG] });
  worker.unref();
  const settled = new Promise<Analysed[] | undefined>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return { worker, settled };
}

/** Loaded when a lint starts a worker, not with the CLI: it is a few ms of Node's own modules that most runs never use. */
function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

/**
 * A worker's whole life: wait for the job, take files until none is left, then post the outcomes at
 * once. False, doing nothing, when this is not a lint's worker thread (lint-worker.ts): a run of the
 * executable that is not one never loads `worker_threads` here.
 */
export function runLintWorker(): boolean {
  if (!isLintWorker()) return false;
  const { parentPort } = workerThreads();
  if (!parentPort) return false;
  parentPort.once('message', (job: Job) => {
    const silent = { write: () => true };
    const env = resolveEnv({ argv: [], cwd: job.cwd, stdout: silent, stderr: silent });
    const configs = createConfigResolver(env, job.config);
    const results: Analysed[] = [];
    takeFiles(job.next, job.files.length, (position) => {
      const { outcome, text } = lintFile(env, configs, job.files[position]!);
      results.push(job.hashes && text !== undefined ? [position, outcome, contentHash(text)] : [position, outcome]);
    });
    parentPort.postMessage(results);
    parentPort.close();
  });
  return true;
}
