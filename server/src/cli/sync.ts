/**
 * `napkin sync [GLOBS...]`: keeps a generated ```mermaid block after each napkin fence of
 * Markdown files, so that GitHub (which renders Mermaid) shows the diagrams. `--check` writes
 * nothing and exits 1 when a file is out of date. The edit itself is `syncBlocks`; this file reads,
 * reports and writes.
 */

import { diagramsOf } from '../core/render/mermaid';
import { parseCommandArgs, stringOption } from './args';
import { checkText, internalErrorMessage, languageOf } from './check-file';
import { createConfigResolver, type ConfigResolver } from './config-files';
import { CliError, type Env, type ExitCode } from './env';
import { selectFiles, type InputFile } from './files';
import { visible } from './format/visible';
import { decodeText, describePathError } from './read';
import { syncBlocks } from './sync-blocks';
import { snapshot, writeAtomically, type Snapshot } from './write-file';

export const syncOptions = {
  check: { type: 'boolean' },
  force: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
} as const;

export async function sync(env: Env, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('sync', args, syncOptions);
  const check = values.check === true;
  const force = values.force === true;
  if (check && force) throw new CliError('--check and --force do not go together: --check never writes');
  const configs = createConfigResolver(env, stringOption(values.config));
  const selection = await selectFiles(env, positionals.length > 0 ? positionals : ['**/*.md']);
  const errors = selection.problems.map((p) => p.message);
  const stale: string[] = [];
  for (const file of selection.files) {
    if (languageOf(file.path) !== 'markdown') continue;
    try {
      const outcome = syncFile(env, configs, file, { check, force });
      if (outcome === 'stale') stale.push(file.path);
    } catch (error) {
      // An unexpected failure (a bug) is one line naming the file; the other files are still synced.
      errors.push(error instanceof CliError ? error.message : internalErrorMessage(file, error));
    }
  }
  for (const path of stale) env.stdout.write(visible(check ? `${path}: out of date\n` : `${path}: updated\n`));
  for (const message of errors) env.stderr.write(`napkin sync: ${message}\n`);
  if (check && stale.length > 0) env.stderr.write(`napkin sync: ${stale.length} ${stale.length === 1 ? 'file is' : 'files are'} out of date; run napkin sync\n`);
  if (errors.length > 0) return 2;
  return check && stale.length > 0 ? 1 : 0;
}

function syncFile(env: Env, configs: ConfigResolver, file: InputFile, options: { check: boolean; force: boolean }): 'stale' | 'current' {
  const configured = configs.configFor(file.absolute);
  if (!configured.ok) throw new CliError(configured.errors.join('; '));
  let before: Snapshot;
  try {
    before = snapshot(env, file.path, file.absolute);
  } catch (error) {
    throw new CliError(`${file.path}: ${describePathError(env, file.absolute, error)}`);
  }
  const read = decodeText(file, before.bytes);
  if (!read.ok) throw new CliError(read.message);
  const checked = checkText(file, read.text, configured.config);
  const byFence: string[][] = checked.analysis.fences.map(() => []);
  for (const diagram of diagramsOf(checked.analysis)) byFence[diagram.fence]?.push(diagram.mermaid);
  const result = syncBlocks(read.text, checked.analysis.fences.map((f) => f.fence), byFence, { force: options.force });
  for (const problem of result.problems.filter((p) => p.severity === 'warning')) env.stderr.write(`napkin sync: ${file.path}:${problem.line}: warning: ${problem.message}\n`);
  const error = result.problems.find((p) => p.severity === 'error');
  if (error) throw new CliError(`${file.path}:${error.line}: ${error.message}`);
  if (result.text === read.text) return 'current';
  if (!options.check) writeAtomically(env, before, result.text);
  return 'stale';
}
