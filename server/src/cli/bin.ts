/** The `napkin` executable: the process in, an exit code out. Everything else is in `main`. */

import { join } from 'node:path';
import { main } from './main';
import { startShortRun } from './v8-flags';

startShortRun();

// A lint's worker threads run dist/lint-worker.js, bundled beside this file (lint-threads.ts).
const workerScript = join(__dirname, 'lint-worker.js');
main({ argv: process.argv.slice(2), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, workerScript, executable: __filename }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An internal failure: a bug, not a usage error. Still exit code 2, still one line first.
    process.stderr.write(`napkin: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
