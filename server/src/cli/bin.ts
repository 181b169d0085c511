/** The `napkin` executable: the process in, an exit code out. Everything else is in `main`. */

import { isLintWorker, runLintWorker } from './lint-threads';
import { main } from './main';
import { startShortRun } from './v8-flags';

// The executable is also the script of a lint's worker threads (lint-threads.ts).
if (isLintWorker()) runLintWorker();
else run();

function run(): void {
  startShortRun();
  const params = { argv: process.argv.slice(2), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, workerScript: __filename };
  main(params).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // An internal failure: a bug, not a usage error. Still exit code 2, still one line first.
      process.stderr.write(`napkin: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
