/**
 * Running one CLI case two ways: in-process through `main` with captured output, and as a real
 * subprocess (`node dist/cli.js`), each in a fresh temporary directory holding the case's files.
 */

import { execFile } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileSystem } from '../../server/src/cli/env';
import { main } from '../../server/src/cli/main';

export const root = resolve(__dirname, '../..');
export const cliBundle = join(root, 'dist/cli.js');

export type Mode = 'main' | 'exec';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The case's temporary directory. */
  readonly dir: string;
  readonly mode: Mode;
}

/** A fixture file of test/fixtures/cli (or any path under the repository, e.g. examples/twitter.md). */
export function fixture(path: string): string {
  return readFileSync(join(root, path.includes('/') ? path : `test/fixtures/cli/${path}`), 'utf8');
}

export function makeDir(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'napkin-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The environment a case runs in: the outer PATH and HOME, and nothing that changes output. */
export function caseEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };
  return { ...env, ...extra };
}

export async function runMain(argv: readonly string[], cwd: string, env: Record<string, string>, fs?: FileSystem): Promise<Omit<Run, 'dir' | 'mode'>> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env,
    fs: fs ?? nodeFs,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
  });
  return { code, stdout, stderr };
}

export function runExec(argv: readonly string[], cwd: string, env: Record<string, string>): Promise<Omit<Run, 'dir' | 'mode'>> {
  return new Promise((done) => {
    execFile(process.execPath, [cliBundle, ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}
