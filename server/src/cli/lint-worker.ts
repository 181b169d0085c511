/**
 * How a lint's worker thread knows it is one. The workers (lint-threads.ts) run the `napkin`
 * executable again, so that they take the CLI bundle and its code cache as the main thread does
 * (../node/code-cache.ts) rather than compile a bundle of their own; Node appends this argument to
 * a worker's `process.argv`. Kept out of lint-threads.ts so that the executable's small start can
 * ask before it loads the bundle.
 */

export const LINT_WORKER_ARG = '--napkin-lint-worker';

/** A worker's `process.argv` is `[node, script, LINT_WORKER_ARG]`: a file of that name given to `napkin lint` is not taken for the mark. */
export function isLintWorker(): boolean {
  return process.argv.length === 3 && process.argv[2] === LINT_WORKER_ARG;
}
