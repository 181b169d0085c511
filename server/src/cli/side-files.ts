/**
 * The files a command reads and writes beside its inputs: configurations, a lint's cache,
 * `.gitignore` files, the folder `render --out` writes to. A path there is whatever someone typed,
 * so neither may run for ever:
 *
 * - Only a regular file is read. A device never ends (`--config /dev/zero` read until memory ran
 *   out) and a named pipe waits for a writer.
 * - Folders are made one level at a time. Node 20's `mkdirSync(dir, { recursive: true })` retries
 *   for ever where a folder cannot be made inside one that exists (`/proc/x` is ENOENT while `/proc`
 *   is there: `--cache-location /proc/x/cache.json` never ended).
 */

import { dirname, resolve } from 'node:path';
import type { Env } from './env';
import { statRegularFile } from './read';

/** The text of the regular file at `path`; errors as `readFileSync` gives them (`code` ENOENT, EISDIR, ENOTREG…). */
export function readSideFile(env: Env, path: string): string {
  statRegularFile(env, path);
  return String(env.fs.readFileSync(path, 'utf8'));
}

/** `mkdir -p dir`: each missing level, from the deepest one that exists down; the first failure is thrown. */
export function makeFolders(env: Env, dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      env.fs.statSync(at);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT' || dirname(at) === at) break;
      missing.push(at);
    }
  }
  for (const level of missing.reverse()) {
    try {
      env.fs.mkdirSync(level);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
  if (!env.fs.statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
}
