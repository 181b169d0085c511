/**
 * Reading one input file as text, with a clear one-line reason when that is not possible: it is
 * missing, a directory, unreadable, binary, or not UTF-8. A byte order mark is kept in the text
 * (positions skip it), so that `napkin sync` writes it back.
 */

import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import type { Env } from './env';
import type { InputFile } from './files';

type ReadFailure = { readonly ok: false; readonly message: string };
export type ReadResult = { readonly ok: true; readonly text: string } | ReadFailure;

/** A file's text, with its stamp (`stampOf`) as of the read. */
export function readText(env: Env, file: InputFile): { readonly ok: true; readonly text: string; readonly stamp: string } | ReadFailure {
  let bytes: Uint8Array;
  let stamp: string;
  try {
    stamp = stampOf(statRegularFile(env, file.absolute));
    bytes = env.fs.readFileSync(file.absolute);
  } catch (error) {
    return fail(file, describePathError(env, file.absolute, error));
  }
  const decoded = decodeText(file, bytes);
  return decoded.ok ? { ...decoded, stamp } : decoded;
}

/**
 * The stat of `path` when it is a regular file, which is all napkin reads: a named pipe would block
 * the read for ever and a device (`/dev/zero`) never ends. Otherwise an error whose code (EISDIR,
 * ENOTREG) `describeIoError` puts into words.
 */
export function statRegularFile(env: Env, path: string): Stats {
  const stat = env.fs.statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory, not a file'), { code: 'EISDIR' });
  if (!stat.isFile()) throw Object.assign(new Error(notRegular), { code: 'ENOTREG' });
  return stat;
}

/** A file's size and time of last change, which change when it is written (a lint's cache, `--cache-strategy metadata`). */
export function stampOf(stat: { readonly size: number; readonly mtimeMs: number }): string {
  return `${stat.size} ${stat.mtimeMs}`;
}

/** describeIoError, telling a broken symbolic link from a missing file. */
export function describePathError(env: Env, absolute: string, error: unknown): string {
  return isBrokenLink(env, absolute, error) ? 'is a broken symbolic link (its target does not exist)' : describeIoError(error);
}

/** A path that is a symbolic link whose target is missing. */
function isBrokenLink(env: Env, absolute: string, error: unknown): boolean {
  if ((error as { code?: string }).code !== 'ENOENT') return false;
  try {
    return env.fs.lstatSync(absolute).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Why a path that is neither a file nor a directory (a FIFO, a socket, a device) is not read. */
export const notRegular = 'is not a regular file (a named pipe, socket or device); napkin reads files only';

export function decodeText(file: InputFile, bytes: Uint8Array): ReadResult {
  // Text never holds NUL; a binary file that happens to be valid UTF-8 would otherwise parse as noise.
  if (bytes.subarray(0, 8192).includes(0)) return fail(file, 'is a binary file, not text');
  // isUtf8 is native; toString keeps a byte order mark, which `napkin sync` must write back.
  if (!isUtf8(bytes)) return fail(file, `is not valid UTF-8 (byte ${firstInvalidByte(bytes)}); napkin reads UTF-8 text only`);
  return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
}

export function describeIoError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'is a symbolic link loop (too many levels of symbolic links)';
    case 'ENOTDIR':
      return 'is not inside a directory (a part of the path is a file)';
    case 'ENOTREG':
      return notRegular;
    case 'ENAMETOOLONG':
      return 'has a name that is too long';
    default:
      return `cannot read: ${(error as Error).message ?? String(error)}`;
  }
}

function fail(file: InputFile, reason: string): ReadFailure {
  return { ok: false, message: `${file.path}: ${reason}` };
}

/** The 1-based offset of the first byte of the first sequence that is not valid UTF-8. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (extra < 0) return i + 1;
    // The second byte's range also rules out overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i + 1;
    }
    i += extra + 1;
  }
  return bytes.length;
}
