/**
 * The `napkin` executable (dist/cli.js): V8's flags for a short run, then the CLI's bundle
 * (dist/cli-main.js, from `bin.ts`) through V8's code cache, so that a run does not compile again
 * what the build compiled (../node/code-cache.ts). Kept apart from the bundle so that it is all a
 * run compiles before the cache is read. A lint's worker threads run it too (lint-worker.ts). V8's
 * flags belong to the whole process: a worker leaves the optimising compiler as the main thread has
 * it (which may have turned it on by then), and only keeps the young generation as it was.
 */

import { join } from 'node:path';
import { runBundle } from '../node/code-cache';
import { isLintWorker } from './lint-worker';
import { keepYoungGeneration, shortRunFlags } from './v8-flags';

if (isLintWorker()) keepYoungGeneration();
else shortRunFlags();
runBundle(join(__dirname, 'cli-main.js'));
