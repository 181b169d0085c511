/**
 * Runs a CommonJS bundle of ours through V8's code cache, so that a process does not compile again,
 * on every start, the bytecode that the build compiled once. Node 20 has no compile cache of its own
 * (`module.enableCompileCache` came in Node 22), so this is what that does: `vm.Script` with
 * `cachedData`, then the bundle called as Node calls a module.
 *
 * The build (`esbuild.mjs`) stamps each bundle, on the last line before its source map comment,
 * with `//# napkin-build=<sha1 of the bundle>`, then runs its executable once with
 * `NAPKIN_CODE_CACHE=write` (a lint of the examples; an editor's session over them), which writes
 * `<bundle>.cache` at exit: the stamp, a checksum (`header` below) and the bytecode of every
 * function that ran. V8 checks a cache against its own version, its flags and the length of the
 * source, not the source itself, so a cache is only offered to the bundle its stamp names: a bundle
 * built again without that step (esbuild's watch mode) runs as it would without a cache, and so does
 * one whose cache V8 turns down (another V8, other flags).
 *
 * V8's flags are part of what it checks: the caller sets the flags the run starts with before this,
 * and the run that writes the cache must end with the same flags (v8-flags.ts, flags.ts).
 */

import { readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { Script } from 'node:vm';

/** What became of the cache, for `NAPKIN_CODE_CACHE=report` (the tests ask). */
type CacheOutcome = 'accepted' | 'rejected' | 'none' | 'unstamped';

const STAMP = '//# napkin-build=';

/** The stamp line of a bundle, or undefined when it has none (a build that made no cache). */
function bundleStamp(source: string): string | undefined {
  const at = source.lastIndexOf(STAMP);
  if (at < 0) return undefined;
  const end = source.indexOf('\n', at);
  return source.slice(at, end < 0 ? source.length : end);
}

/** Runs the bundle at `file` (absolute) as a module, with its code cache when it has a valid one. */
export function runBundle(file: string): void {
  const mode = process.env.NAPKIN_CODE_CACHE;
  const source = readFileSync(file, 'utf8');
  const stamp = bundleStamp(source);
  const cachedData = stamp && mode !== 'write' ? cacheFor(file, stamp) : undefined;
  // No `importModuleDynamically`: in Node 20 it is experimental (a warning on stderr) and lost on a
  // script compiled from a cache, so a bundle run here loads everything with `require`.
  const script = new Script(Module.wrap(source.startsWith('#!') ? `//${source}` : source), { filename: file, cachedData });
  // Straight to the process's stderr: a lint's worker thread says it too, and a lint does not pass a worker's own stderr on.
  if (mode === 'report') writeSync(2, `napkin: code cache ${outcome(stamp, cachedData, script)}\n`);
  // A worker thread that runs the bundle (a lint's) leaves the writing to the main thread.
  if (mode === 'write' && stamp && isMainThread()) process.on('exit', () => writeCache(file, stamp, script.createCachedData()));
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

/**
 * `<file>.cache` is the stamp, the CRC-32 of V8's data, then the data. V8 turns down data of the
 * wrong length, but reads whatever bytes it is given, and a damaged cache would take the process
 * down, not fail one compile; so the data is checked first (Node 22's compile cache does the same).
 */
function header(stamp: string, data: Uint8Array, crc32: (data: Uint8Array) => number): Buffer {
  return Buffer.from(`${stamp}\n${crc32(data)}\n`);
}

/**
 * Written whole or not at all (a run reading it while the build writes it sees the old one). A cache
 * that cannot be written is one line on stderr: the run it follows has done its work.
 */
function writeCache(file: string, stamp: string, data: Buffer): void {
  const crc32 = checksum();
  const temporary = `${file}.cache.${process.pid}`;
  try {
    if (!crc32) throw new Error('this Node has no zlib.crc32 (Node 20.15 and later)');
    writeFileSync(temporary, Buffer.concat([header(stamp, data, crc32), data]));
    renameSync(temporary, `${file}.cache`);
  } catch (error) {
    rmSync(temporary, { force: true });
    process.stderr.write(`napkin: code cache not written: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** The V8 data of `<file>.cache` when it is this build's and whole; none otherwise. */
function cacheFor(file: string, stamp: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
  const crc32 = checksum();
  const stampEnd = stamp.length + 1;
  const crcEnd = cache.indexOf(0x0a, stampEnd) + 1;
  if (!crc32 || crcEnd <= stampEnd || cache.toString('latin1', 0, stampEnd) !== `${stamp}\n`) return undefined;
  const data = cache.subarray(crcEnd);
  return cache.subarray(0, crcEnd).equals(header(stamp, data, crc32)) ? data : undefined;
}

function isMainThread(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread;
}

/** zlib's CRC-32 (Node 20.15 and later); before it, no cache. */
function checksum(): ((data: Uint8Array) => number) | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { crc32 } = require('node:zlib') as { crc32?: (data: Uint8Array) => number };
  return typeof crc32 === 'function' ? crc32 : undefined;
}

function outcome(stamp: string | undefined, cachedData: Buffer | undefined, script: Script): CacheOutcome {
  if (!stamp) return 'unstamped';
  if (!cachedData) return 'none';
  return script.cachedDataRejected ? 'rejected' : 'accepted';
}
