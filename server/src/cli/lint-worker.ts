/**
 * How a lint's worker thread knows it is one. The workers (lint-threads.ts) run the `napkin`
 * executable again, so that they take the CLI bundle and its code cache as the main thread does
 * (../node/code-cache.ts) rather than compile a bundle of their own; Node appends this argument to
 * a worker's `process.argv`. Kept out of lint-threads.ts so that the executable's small start can
 * ask before it loads the bundle.
 */

export const LINT_WORKER_ARG = '--napkin-lint-worker';

export function isLintWorker(): boolean {
  return process.argv.includes(LINT_WORKER_ARG);
}
