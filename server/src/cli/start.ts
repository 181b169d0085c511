/**
 * The `napkin` executable (dist/cli.js): V8's flags for a short run, then the CLI's bundle
 * (dist/cli-main.js, from `bin.ts`) through V8's code cache, so that a run does not compile again
 * what the build compiled (../node/code-cache.ts). Kept apart from the bundle so that it is all a
 * run compiles before the cache is read.
 */

import { join } from 'node:path';
import { runBundle } from '../node/code-cache';
import { shortRunFlags } from './v8-flags';

shortRunFlags();
runBundle(join(__dirname, 'cli-main.js'));
