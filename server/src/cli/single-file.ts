/** A command's FILE argument: one existing file, named literally (no globs), or a usage error. */

import { resolve } from 'node:path';
import { CliError, type Env } from './env';
import { displayPath, type InputFile } from './files';
import { describePathError } from './read';

export function singleFile(env: Env, arg: string): InputFile {
  const absolute = resolve(env.cwd, arg);
  const file = { path: displayPath(env.cwd, absolute), absolute };
  try {
    if (env.fs.statSync(absolute).isDirectory()) throw new CliError(`${file.path}: is a directory, not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file.path}: ${describePathError(env, absolute, error)}`);
  }
  return file;
}
