/**
 * `napkin lint --cache`: what each file gave, kept in a file between runs, so that a lint analyses
 * again only the files that changed, or all of them when napkin itself did. A file's entry is found
 * by its absolute path and used only under the configuration and build of napkin it was made
 * with, and while the file is the same: by default the same text (its hash: a checkout that only
 * touches modification times still finds it), or with `--cache-strategy metadata` the same size
 * and time of last change, which a lint can check without reading the file. Every other file is
 * analysed as without a cache. So a cache can make a lint faster, never different.
 *
 * The cache is a hint, not an input: one that is missing, unreadable, from another build or not
 * napkin's is taken as empty and written anew; one that cannot be written costs a line on stderr,
 * not the lint.
 */

import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NapkinConfig } from '../core/config';
import type { Severity } from '../core/diagnostics';
import type { ReadFile } from './check-file';
import type { ConfigResolver } from './config-files';
import { contentHash as hash } from './content-hash';
import { CliError, type Env } from './env';
import { displayPath, type InputFile } from './files';
import type { LintDiagnostic } from './format/lint-report';
import { checkedOutcome, type LintOutcome } from './lint-file';
import { stampOf } from './read';
import { makeFolders, readSideFile } from './side-files';
import { version } from './version';
import { removeQuietly } from './write-file';

/** The cache file's name, in the working directory or the directory `--cache-location` names. */
export const defaultCacheName = '.napkincache';
/** What every napkin cache file says it is, and its layout, which changes whenever the file's layout does. */
const family = 'napkin lint cache';
const layout = `${family} 1`;

/** `--cache-strategy`: how a lint tells that a file is the one an entry was made from. */
export type CacheStrategy = 'content' | 'metadata';

export function parseCacheStrategy(value: string | undefined): CacheStrategy {
  if (value === undefined || value === 'content' || value === 'metadata') return value ?? 'content';
  throw new CliError(`--cache-strategy must be content or metadata, not ${JSON.stringify(value)}`);
}

interface Entry {
  /** The hash of the text, when the entry was made by reading it with the content strategy. */
  readonly text?: string;
  /** The file's size and time of last change (`stampOf`). */
  readonly stamp: string;
  /** Its configuration: a position in the file's `configs`. */
  readonly config: number;
  readonly diagnostics: readonly LintDiagnostic[];
}

interface CacheFile {
  readonly napkin: string;
  readonly build: string;
  /** Every configuration an entry was made under, as `configText` writes it. */
  readonly configs: string[];
  readonly files: Record<string, Entry>;
}

export interface LintCache {
  readonly strategy: CacheStrategy;
  /** With the metadata strategy, before a file is read: its outcome when the cache has it as clean (a file with diagnostics is read for the report). */
  findUnread(file: InputFile, configs: ConfigResolver): LintOutcome | undefined;
  /** The outcome this file gave when it was the same as now under this configuration, if the cache has it. */
  find(file: InputFile, read: ReadFile): LintOutcome | undefined;
  /** A file that needs no analysis: kept as clean with the metadata strategy, so that the next lint need not read it. */
  clean(file: InputFile, read: ReadFile): void;
  /**
   * Keeps what a file that `find` did not have gave once analysed (a failure is not kept). A
   * worker thread reads the file again: `analysed` is the hash of the text it read, and if the file
   * changed since `find` read it, the outcome is not the one of that text and is not kept.
   */
  keep(file: InputFile, outcome: LintOutcome, analysed?: string): void;
  /** Writes the cache if it changed, dropping the entries of this run's files that it did not keep and of files that are gone: a message for stderr when it could not. */
  save(files: readonly InputFile[]): string | undefined;
}

/** `location`: `--cache-location`, a file, or a directory (one that exists, or a path ending in a slash) to hold `.napkincache`. */
export function openLintCache(env: Env, location: string | undefined, strategy: CacheStrategy = 'content'): LintCache {
  const path = cachePath(env, location);
  const build = buildOf(env);
  const old = readCache(env, path, build);
  const files: Record<string, Entry> = typeof old === 'object' ? { ...old.files } : {};
  // Only ever added to, so that the entries kept from the last lint keep their positions.
  const configs: string[] = typeof old === 'object' ? [...old.configs] : [];
  const configIds = new Map(configs.map((text, id) => [text, id]));
  const pending = new Map<string, Omit<Entry, 'diagnostics'>>();
  const kept = new Set<string>();
  let changed = old === undefined;
  // The configuration resolver gives the files of one directory the same object.
  const fingerprints = new WeakMap<NapkinConfig, number>();
  const fingerprint = (config: NapkinConfig) => {
    let id = fingerprints.get(config);
    if (id === undefined) {
      const text = configText(config);
      id = configIds.get(text);
      if (id === undefined) configIds.set(text, (id = configs.push(text) - 1));
      fingerprints.set(config, id);
    }
    return id;
  };
  const entryOf = (file: InputFile) => (Object.hasOwn(files, file.absolute) ? (files[file.absolute] as Partial<Entry> | null) : undefined);
  const use = (file: InputFile, text: string, diagnostics: readonly LintDiagnostic[]) => {
    kept.add(file.absolute);
    return checkedOutcome(text, diagnostics);
  };
  const put = (file: InputFile, entry: Entry) => {
    files[file.absolute] = entry;
    kept.add(file.absolute);
    changed = true;
  };

  return {
    strategy,
    findUnread(file, configs) {
      const entry = entryOf(file);
      if (strategy !== 'metadata' || !entry || !Array.isArray(entry.diagnostics) || entry.diagnostics.length > 0) return undefined;
      const configured = configs.configFor(file.absolute);
      const stamp = stampIfFile(env, file.absolute);
      if (!configured.ok || stamp === undefined || entry.stamp !== stamp || entry.config !== fingerprint(configured.config)) return undefined;
      return use(file, '', []);
    },
    find(file, { text, config, stamp }) {
      const key = { text: strategy === 'content' ? hash(text) : undefined, stamp, config: fingerprint(config) };
      const entry = entryOf(file);
      const same = strategy === 'content' ? entry?.text === key.text : entry?.stamp === key.stamp;
      if (entry && same && entry.config === key.config && isDiagnostics(entry.diagnostics, text.length + 1)) return use(file, text, entry.diagnostics);
      pending.set(file.absolute, key);
      return undefined;
    },
    clean(file, { config, stamp }) {
      if (strategy === 'metadata') put(file, { stamp, config: fingerprint(config), diagnostics: [] });
    },
    keep(file, outcome, analysed) {
      const key = pending.get(file.absolute);
      if (!key || outcome.kind !== 'checked' || (analysed !== undefined && key.text !== undefined && analysed !== key.text)) return;
      put(file, { ...key, diagnostics: outcome.diagnostics });
    },
    save(run) {
      for (const file of run) {
        if (kept.has(file.absolute) || !Object.hasOwn(files, file.absolute)) continue;
        delete files[file.absolute];
        changed = true;
      }
      for (const absolute of Object.keys(files)) {
        if (kept.has(absolute) || statOf(env, absolute) !== undefined) continue;
        delete files[absolute];
        changed = true;
      }
      if (!changed) return undefined;
      if (old === 'foreign') return `${displayPath(env.cwd, path)} is not a napkin cache, so it was left as it is: give --cache-location another path, or remove the file`;
      const content: CacheFile = { napkin: layout, build, configs, files };
      // Written whole, then moved into place: a lint stopped half way, or two at once, never leave half a file.
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        makeFolders(env, dirname(path));
        env.fs.writeFileSync(temporary, JSON.stringify(content));
        env.fs.renameSync(temporary, path);
        return undefined;
      } catch (error) {
        removeQuietly(env, temporary);
        return `could not write the cache ${displayPath(env.cwd, path)}: ${(error as Error).message}; the lint itself is complete`;
      }
    },
  };
}

function cachePath(env: Env, location: string | undefined): string {
  if (location === undefined) return join(env.cwd, defaultCacheName);
  const path = resolve(env.cwd, location);
  return /[\\/]$/.test(location) || statOf(env, path)?.isDirectory() ? join(path, defaultCacheName) : path;
}

/**
 * The entries of a cache made by this build; undefined when there is none, or it is napkin's but
 * from another build or layout; 'foreign' when the path holds something else, never overwritten.
 */
function readCache(env: Env, path: string, build: string): Pick<CacheFile, 'configs' | 'files'> | 'foreign' | undefined {
  let text: string;
  try {
    text = readSideFile(env, path);
  } catch (error) {
    // Something that is not a file (a device, a named pipe) is not ours to overwrite either.
    return (error as { code?: string }).code === 'ENOTREG' ? 'foreign' : undefined;
  }
  let json: Partial<CacheFile> | null;
  try {
    json = JSON.parse(text) as Partial<CacheFile> | null;
  } catch {
    return 'foreign';
  }
  if (typeof json?.napkin !== 'string' || !json.napkin.startsWith(family)) return 'foreign';
  const { configs, files } = json;
  if (json.napkin !== layout || json.build !== build || !Array.isArray(configs) || !configs.every((c) => typeof c === 'string')) return undefined;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return undefined;
  // Entries are checked as they are used (find), against these configurations.
  return { configs, files };
}

/**
 * napkin's version and, from the executable, its bundle's size and time of last change: a rebuilt
 * napkin may find other things in the same text. (Not a hash of the bundle: Node's crypto would add
 * several ms to a lint that goes by metadata and needs none.)
 */
function buildOf(env: Env): string {
  return `${version} ${(env.executable !== undefined && stampIfFile(env, env.executable)) || 'source'}`;
}

/** A configuration as text that is the same exactly when the configuration is. */
function configText(config: NapkinConfig): string {
  const assume = Object.keys(config.assume)
    .sort()
    .map((key) => [key, config.assume[key]]);
  return JSON.stringify({ rules: [...config.rules].sort(([a], [b]) => (a < b ? -1 : 1)), assume, precision: config.precision ?? null });
}

const severities: ReadonlySet<Severity> = new Set<Severity>(['error', 'warning', 'info', 'hint']);
/** Diagnostics as a lint reports them, with lines and columns no further than `limit` (the text's length and one): a cache edited by hand must not reach a report. */
function isDiagnostics(list: unknown, limit: number): list is readonly LintDiagnostic[] {
  const position = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= limit;
  return (
    Array.isArray(list) &&
    list.every(
      (d: Partial<Record<keyof LintDiagnostic, unknown>> | null) =>
        typeof d === 'object' &&
        d !== null &&
        typeof d.code === 'string' &&
        typeof d.alias === 'string' &&
        typeof d.message === 'string' &&
        severities.has(d.severity as Severity) &&
        [d.line, d.column, d.endLine, d.endColumn].every(position),
    )
  );
}

/** What `stat` says of a path; undefined when it cannot be seen. */
function statOf(env: Env, path: string): Stats | undefined {
  try {
    return env.fs.statSync(path);
  } catch {
    return undefined;
  }
}

/** The stamp of a regular file; undefined when it is not one, or cannot be seen. */
function stampIfFile(env: Env, path: string): string | undefined {
  const stat = statOf(env, path);
  return stat?.isFile() ? stampOf(stat) : undefined;
}
