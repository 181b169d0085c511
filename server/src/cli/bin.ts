/** The `napkin` executable: the process in, an exit code out. Everything else is in `main`. */

import { startShortRun } from './v8-flags';
import { main } from './main';

startShortRun();

main({ argv: process.argv.slice(2), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An internal failure: a bug, not a usage error. Still exit code 2, still one line first.
    process.stderr.write(`napkin: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
