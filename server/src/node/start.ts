/**
 * The language server's executable (dist/server.js): the server's bundle (dist/server-main.js,
 * from `main.ts`) through V8's code cache, so that an editor's server starts without compiling
 * again what the build compiled (code-cache.ts). The cache holds the flags it was written with
 * (flags.ts); a server started with others runs the same, from source.
 */

import { join } from 'node:path';
import { runBundle } from './code-cache';

runBundle(join(__dirname, 'server-main.js'));
