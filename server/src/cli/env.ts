/**
 * What the CLI gets from the outside world, injected so that tests can run `main` in-process with
 * captured output (and the bin passes the real process's).
 */

import * as nodeFs from 'node:fs';

/** A writable stream as far as the CLI cares. */
export interface Output {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The Node `fs` functions the CLI uses; a test can wrap them. */
export type FileSystem = Pick<
  typeof nodeFs,
  'readFileSync' | 'writeFileSync' | 'statSync' | 'lstatSync' | 'renameSync' | 'unlinkSync' | 'chmodSync' | 'mkdirSync' | 'readdirSync' | 'readdir' | 'realpath' | 'realpathSync' | 'stat'
>;

export interface MainParams {
  /** Arguments after the program name: `['lint', '--format', 'json', 'docs/']`. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Defaults to Node's `fs`. */
  readonly fs?: FileSystem;
  /** Defaults to `process.env`: NO_COLOR, FORCE_COLOR, NAPKIN_CHROMIUM, PATH. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The script a lint's worker threads run: the executable (`dist/cli.js`). Without it, a lint runs on one thread. */
  readonly workerScript?: string;
  /** The running bundle (`dist/cli.js`): a lint's cache is used only by the build that wrote it. Without it, by the same version. */
  readonly executable?: string;
}

/** `main`'s params with the defaults filled in: what every command receives. */
export interface Env {
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly fs: FileSystem;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly workerScript?: string;
  readonly executable?: string;
}

export function resolveEnv(params: MainParams): Env {
  return {
    cwd: params.cwd,
    stdout: params.stdout,
    stderr: params.stderr,
    fs: params.fs ?? nodeFs,
    env: params.env ?? process.env,
    // A worker reads files with Node's own fs, so a test's wrapped fs keeps everything on one thread.
    workerScript: params.fs ? undefined : params.workerScript,
    executable: params.executable,
  };
}

/** 0: clean; 1: problems found (errors, too many warnings, stale files); 2: the run itself failed. */
export type ExitCode = 0 | 1 | 2;

/**
 * A failure that ends a command with exit code 2 and one line on stderr, never a stack trace:
 * a usage error, an unreadable file, a bad config.
 */
export class CliError extends Error {}

/** Colour for text output: only on a terminal, never with NO_COLOR; FORCE_COLOR forces it (as in Node). */
export function useColour(env: Env): boolean {
  const force = env.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env.env.NO_COLOR !== undefined && env.env.NO_COLOR !== '') return false;
  return env.stdout.isTTY === true;
}
