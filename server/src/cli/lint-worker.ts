/** A worker thread of `napkin lint` (started by lint-threads.ts): its own bundle, without the CLI's commands, formats and globbing. */

import { runLintWorker } from './lint-threads';

if (!runLintWorker()) {
  process.stderr.write('napkin: lint-worker.js is a worker thread of `napkin lint`, not a command; run `napkin lint`\n');
  process.exitCode = 2;
}
