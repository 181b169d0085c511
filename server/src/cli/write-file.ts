/**
 * Replacing a file's content atomically: write a temporary file in the same directory with the
 * same mode, check that the file did not change since it was read, then rename over it. A reader
 * never sees half a file, and an edit made meanwhile (by an editor, another sync) is never lost.
 */

import { basename, dirname, join } from 'node:path';
import { CliError, type Env } from './env';
import { statRegularFile } from './read';

/** What the file looked like when it was read. */
export interface Snapshot {
  readonly path: string;
  readonly absolute: string;
  readonly bytes: Uint8Array;
  readonly mtimeMs: number;
  readonly size: number;
}

export function snapshot(env: Env, path: string, absolute: string): Snapshot {
  const real = env.fs.realpathSync(absolute);
  const stat = statRegularFile(env, real);
  return { path, absolute: real, bytes: env.fs.readFileSync(real), mtimeMs: stat.mtimeMs, size: stat.size };
}

export function writeAtomically(env: Env, before: Snapshot, text: string): void {
  const target = before.absolute;
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto'); // on first use, as in sync-markers.ts
  const temporary = join(dirname(target), `.${basename(target)}.napkin-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let mode: number;
  try {
    mode = env.fs.statSync(target).mode & 0o7777;
    env.fs.writeFileSync(temporary, text, { encoding: 'utf8', mode, flag: 'wx' });
    env.fs.chmodSync(temporary, mode);
  } catch (error) {
    removeQuietly(env, temporary);
    throw new CliError(`${before.path}: cannot write: ${(error as Error).message}`);
  }
  try {
    const now = env.fs.statSync(target);
    const bytes = env.fs.readFileSync(target);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || !sameBytes(bytes, before.bytes)) {
      throw new CliError(`${before.path}: changed on disk while napkin sync was updating it; nothing was written, run napkin sync again`);
    }
    env.fs.renameSync(temporary, target);
  } catch (error) {
    removeQuietly(env, temporary);
    if (error instanceof CliError) throw error;
    throw new CliError(`${before.path}: cannot write: ${(error as Error).message}`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function removeQuietly(env: Env, path: string): void {
  try {
    env.fs.unlinkSync(path);
  } catch {
    // It was never created.
  }
}
