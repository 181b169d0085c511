/**
 * Which files a command works on: literal paths, directories and globs, relative to the working
 * directory. Globs and directories skip what `.gitignore` files ignore (every `.gitignore` from the
 * working directory down, as git reads them) and always skip `node_modules` and `.git`; a literal
 * file path is always taken, since someone asked for it by name. The result is deduplicated and
 * sorted by path.
 */

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Env } from './env';
import { readSideFile } from './side-files';

/**
 * tinyglobby, loaded on first use (its start-up is a few ms that `--version`, and a lint's worker
 * threads, never need). With `require`, so that esbuild bundles its CommonJS build: its ES module
 * build pulls in fdir's, which needs `import.meta.url`, which a CommonJS bundle does not have.
 */
function tinyglobby(): typeof import('tinyglobby') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tinyglobby') as typeof import('tinyglobby');
}

export interface InputFile {
  /** As shown to the user and in reports: relative to the working directory, forward slashes. */
  readonly path: string;
  readonly absolute: string;
}

export interface FileSelection {
  readonly files: InputFile[];
  /** Arguments that named nothing: a missing path, or a glob that matched no file. */
  readonly problems: { readonly path: string; readonly message: string }[];
}

/** One pattern, so that the tree is walked once. */
export const defaultPatterns = ['**/*.{md,napkin}'];
const alwaysSkipped = ['**/node_modules/**', '**/.git/**'];

export async function selectFiles(env: Env, args: readonly string[]): Promise<FileSelection> {
  const negated = args.filter((a) => a.startsWith('!')).map((a) => a.slice(1));
  const positive = args.filter((a) => !a.startsWith('!'));
  const found = new Map<string, InputFile>();
  const problems: { path: string; message: string }[] = [];
  // Keyed by the real path: a file reached through symbolic links (`docs/self -> .`) is checked once,
  // under the first path that reaches it in path order.
  const add = (absolute: string) => {
    const key = realPath(env, absolute);
    const file = { path: displayPath(env.cwd, absolute), absolute };
    const seen = found.get(key);
    if (!seen || file.path < seen.path) found.set(key, file);
  };
  const globbed: string[] = [];
  const patterns = positive.length === 0 ? defaultPatterns : positive;
  for (const arg of patterns) {
    const kind = positive.length === 0 ? 'glob' : pathKind(env, arg);
    if (kind === 'file') {
      add(resolve(env.cwd, arg));
      continue;
    }
    if (kind === 'missing') {
      problems.push({ path: arg, message: `${arg}: no such file or directory` });
      continue;
    }
    const pattern = kind === 'directory' ? `${tinyglobby().escapePath(arg.replace(/[\\/]+$/, ''))}/**/*.{md,napkin}` : arg;
    const matches = await tinyglobby().glob(pattern, { cwd: env.cwd, ignore: [...alwaysSkipped, ...negated], absolute: true, fs: env.fs });
    if (matches.length === 0 && positive.length > 0 && kind === 'glob') problems.push({ path: arg, message: `${arg}: no files match this pattern` });
    globbed.push(...matches.map((m) => resolve(m)));
  }
  if (globbed.length > 0) {
    const isIgnored = await gitignoreFilter(env);
    for (const absolute of globbed) if (!isIgnored(absolute)) add(absolute);
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

/** A path relative to the working directory with forward slashes (absolute if it is elsewhere on another drive). */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : isAbsolute(rel) ? absolute : rel).split(sep).join('/');
}

function pathKind(env: Env, arg: string): 'file' | 'directory' | 'glob' | 'missing' {
  try {
    const stat = env.fs.statSync(resolve(env.cwd, arg));
    return stat.isDirectory() ? 'directory' : 'file';
  } catch {
    if (tinyglobby().isDynamicPattern(arg)) return 'glob';
    // A symbolic link that leads nowhere (a loop, a missing target) is still a path the user named:
    // reading it says what is wrong with it.
    try {
      return env.fs.lstatSync(resolve(env.cwd, arg)).isSymbolicLink() ? 'file' : 'missing';
    } catch {
      return 'missing';
    }
  }
}

function realPath(env: Env, absolute: string): string {
  try {
    const realpath = env.fs.realpathSync;
    return (realpath.native ?? realpath)(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Reads every `.gitignore` under the working directory once. A path is ignored as git decides:
 * the deepest `.gitignore` with an opinion wins, and nothing inside an ignored directory comes back.
 */
async function gitignoreFilter(env: Env): Promise<(absolute: string) => boolean> {
  const found = await tinyglobby().glob('**/.gitignore', { cwd: env.cwd, ignore: alwaysSkipped, dot: true, absolute: true, fs: env.fs });
  const levels: { dir: string; rules: Ignore }[] = [];
  for (const file of found) {
    try {
      levels.push({ dir: dirname(resolve(file)), rules: ignore().add(readSideFile(env, file)) });
    } catch {
      // An unreadable .gitignore ignores nothing, as git treats it.
    }
  }
  levels.sort((a, b) => a.dir.length - b.dir.length);
  return (absolute) => {
    let ignored = false;
    for (const { dir, rules } of levels) {
      const rel = relative(dir, absolute);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      const parts = rel.split(sep);
      // A directory that this level ignores hides everything below it, whatever deeper files say.
      for (let i = 1; i < parts.length; i++) if (rules.test(parts.slice(0, i).join('/') + '/').ignored) return true;
      const result = rules.test(parts.join('/'));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
}

