/**
 * `napkin diff BASE HEAD`: how the computed numbers of a design changed, from two files or from
 * git revisions of one file (`napkin diff REV1 REV2 -- FILE`, `napkin diff REV FILE`). Exit code 0,
 * or 1 with `--fail-on-new-errors` when HEAD has errors BASE did not; 2 for usage, git or read errors.
 */

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { choice, parseCommandArgs, stringOption } from './args';
import { checkText, guardInternal, type CheckedFile } from './check-file';
import { createConfigResolver, type ConfigResolver } from './config-files';
import { diffDesigns } from './diff-compare';
import { CliError, type Env, type ExitCode } from './env';
import { visible } from './format/visible';
import { displayPath, type InputFile } from './files';
import { formatDiffMarkdown } from './format/diff-markdown';
import { formatDiffText } from './format/diff-text';
import { showAtRevision } from './git';
import { readText } from './read';
import { singleFile } from './single-file';

export const diffOptions = {
  format: { type: 'string', short: 'f' },
  all: { type: 'boolean' },
  'fail-on-new-errors': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
} as const;

/** One side of the diff: a file on disk or a file at a revision. */
type Side = { readonly kind: 'file'; readonly arg: string } | { readonly kind: 'revision'; readonly revision: string; readonly arg: string };

export async function diff(env: Env, args: readonly string[]): Promise<ExitCode> {
  const { values, beforeDashes, afterDashes } = parseCommandArgs('diff', args, diffOptions);
  const format = choice('format', values.format, ['text', 'markdown'], 'text');
  const [base, head] = sides(env, beforeDashes, afterDashes);
  const configs = createConfigResolver(env, stringOption(values.config));
  const before = await load(env, configs, base);
  const after = await load(env, configs, head);
  const result = guardInternal(after.checked.file, () => diffDesigns(before.checked, after.checked, values.all === true));
  const baseLabel = base.kind === 'revision' ? base.revision : before.checked.file.path;
  const headLabel = head.kind === 'revision' ? head.revision : base.kind === 'revision' ? 'working tree' : after.checked.file.path;
  const file = after.checked.file.path;
  const title = base.kind === 'file' ? `${baseLabel} → ${headLabel}` : `${file}: ${baseLabel} → ${headLabel}`;
  env.stdout.write(visible(format === 'markdown' ? formatDiffMarkdown(result, file, baseLabel, headLabel) : formatDiffText(result, title)));
  return values['fail-on-new-errors'] === true && result.newErrors.length > 0 ? 1 : 0;
}

function sides(env: Env, positionals: readonly string[], afterDashes: readonly string[]): [Side, Side] {
  if (afterDashes.length > 0) {
    if (afterDashes.length !== 1 || positionals.length < 1 || positionals.length > 2) throw new CliError('after -- give one file: napkin diff REV1 REV2 -- FILE, or napkin diff REV -- FILE');
    const arg = afterDashes[0]!;
    const base: Side = { kind: 'revision', revision: positionals[0]!, arg };
    return [base, positionals.length === 2 ? { kind: 'revision', revision: positionals[1]!, arg } : { kind: 'file', arg }];
  }
  if (positionals.length !== 2) throw new CliError('give two files (napkin diff BASE HEAD) or revisions (napkin diff REV1 REV2 -- FILE)');
  const [first, second] = positionals as [string, string];
  const exists = (p: string) => existsSync(resolve(env.cwd, p));
  if (exists(first) || !exists(second)) return [{ kind: 'file', arg: first }, { kind: 'file', arg: second }];
  // The first is not a path but the second is: a revision of that file against the working tree.
  return [{ kind: 'revision', revision: first, arg: second }, { kind: 'file', arg: second }];
}

async function load(env: Env, configs: ConfigResolver, side: Side): Promise<{ checked: CheckedFile }> {
  const absolute = resolve(env.cwd, side.arg);
  const file: InputFile = side.kind === 'file' ? singleFile(env, side.arg) : { path: displayPath(env.cwd, absolute), absolute };
  const configured = configs.configFor(file.absolute);
  if (!configured.ok) throw new CliError(configured.errors.join('; '));
  if (side.kind === 'revision') {
    const { text, missing } = await showAtRevision(env, side.revision, file);
    if (missing) env.stderr.write(`napkin diff: ${file.path} does not exist at ${side.revision}; comparing with an empty file\n`);
    return { checked: checkText(file, text, configured.config) };
  }
  const read = readText(env, file);
  if (!read.ok) throw new CliError(read.message);
  return { checked: checkText(file, read.text, configured.config) };
}
