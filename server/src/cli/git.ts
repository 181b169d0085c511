/**
 * A file's text at a git revision: `git show REV:./NAME` run in the file's directory (or its
 * nearest existing parent), without a shell. Errors become one-line messages: git missing, not a repository, unknown revision. A file
 * that does not exist at that revision reads as empty (a design added by the pull request).
 */

import { existsSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { CliError, type Env } from './env';
import type { InputFile } from './files';
import { decodeText } from './read';

export async function showAtRevision(env: Env, revision: string, file: InputFile): Promise<{ text: string; missing: boolean }> {
  if (revision.startsWith('-')) throw new CliError(`${JSON.stringify(revision)} is not a git revision`);
  // Run where the file is, or in its nearest existing parent (the file may be deleted in the working tree).
  let dir = dirname(file.absolute);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const path = relative(dir, file.absolute).split(sep).join('/');
  const { stdout, stderr, error } = await run(['show', `${revision}:./${path}`], dir, env);
  if (error) {
    const reason = stderr.trim().split('\n')[0] ?? '';
    if ((error as { code?: unknown }).code === 'ENOENT') throw new CliError('git is not installed (or not on PATH); napkin diff needs it for revisions');
    if (/not a git repository/i.test(reason)) throw new CliError(`${file.path} is not inside a git repository, so ${JSON.stringify(revision)} cannot be read; to compare two files, give two paths`);
    if (/exists on disk, but not in|does not exist in/.test(reason)) return { text: '', missing: true };
    throw new CliError(`git show ${revision}:${file.path} failed: ${reason.replace(/^fatal: /, '') || (error as Error).message}`);
  }
  const decoded = decodeText({ path: `${revision}:${file.path}`, absolute: file.absolute }, stdout);
  if (!decoded.ok) throw new CliError(decoded.message);
  return { text: decoded.text, missing: false };
}

function run(args: string[], cwd: string, env: Env): Promise<{ stdout: Buffer; stderr: string; error: Error | null }> {
  // Loaded here, not at start-up: only `diff` with a revision runs git, and child_process (with the
  // net and stream modules it pulls in) adds about 10 ms to every launch.
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...env.env, GIT_PAGER: 'cat', LC_ALL: 'C' } as NodeJS.ProcessEnv }, (error, stdout, stderr) => {
      resolve({ stdout, stderr: stderr.toString('utf8'), error });
    });
  });
}
