/** The `napkin` executable: the process in, an exit code out. Everything else is in `main`. */

import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { runLintWorker } from './lint-threads';
import { main } from './main';
import { startShortRun } from './v8-flags';

// A lint's worker threads run the executable (dist/cli.js, beside this bundle) again and end up
// here, as workers: lint-threads.ts.
if (!runLintWorker()) {
  startShortRun();
  // A reader that stops early (`napkin estimate … | head`) closes the pipe: the rest of the output
  // has nowhere to go, which is no failure of the command, so it still ends with its own exit code.
  // Output that cannot be written at all (a full disk) is a failed run: one line, exit code 2.
  for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      try {
        writeSync(2, `napkin: could not write to ${name}: ${error.message}\n`);
      } catch {
        // stderr is what failed: the exit code says it.
      }
      process.exit(2);
    });
  }
  const workerScript = join(__dirname, 'cli.js');
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
}
