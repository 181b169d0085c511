/**
 * `napkin render FILE --format mermaid|svg [--out DIR]`: every diagram of a file, in order (per
 * napkin fence its flowchart, then its flows). Mermaid goes to stdout as ```mermaid blocks, or
 * with `--out` into `<stem>-<n>.mmd` files; SVG needs `--out` and writes `<stem>-<n>.svg`.
 */

import { basename, extname, join, resolve } from 'node:path';
import { diagramsOf } from '../core/render/mermaid';
import { choice, parseCommandArgs, stringOption } from './args';
import { checkFile, guardInternal, isFailure } from './check-file';
import { renderSvgs } from './chromium';
import { createConfigResolver } from './config-files';
import { CliError, type Env, type ExitCode } from './env';
import { makeFolders } from './side-files';
import { singleFile } from './single-file';
import { displayPath } from './files';
import { visible } from './format/visible';

export const renderOptions = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
} as const;

export async function render(env: Env, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('render', args, renderOptions);
  const format = choice('format', values.format, ['mermaid', 'svg'], 'mermaid');
  const out = stringOption(values.out);
  if (positionals.length !== 1) throw new CliError('render takes one file, e.g. napkin render docs/design.md --format svg --out diagrams/');
  if (format === 'svg' && out === undefined) throw new CliError('--format svg writes files: add --out DIR');
  const file = singleFile(env, positionals[0]!);
  const checked = checkFile(env, createConfigResolver(env, stringOption(values.config)), file);
  if (isFailure(checked)) throw new CliError(checked.messages.join('; '));
  const diagrams = guardInternal(file, () => diagramsOf(checked.analysis)).map((d) => d.mermaid.replace(/\n*$/, '\n'));
  if (diagrams.length === 0) {
    env.stderr.write(`napkin render: ${file.path} has no components, connections or flows to draw\n`);
    return 0;
  }
  if (out === undefined) {
    env.stdout.write(diagrams.map((d) => '```mermaid\n' + d + '```\n').join('\n'));
    return 0;
  }
  const contents = format === 'svg' ? await renderSvgs(env, diagrams) : diagrams;
  const dir = resolve(env.cwd, out);
  try {
    makeFolders(env, dir);
  } catch (error) {
    throw new CliError(`${out}: cannot create the directory: ${(error as Error).message}`);
  }
  const stem = basename(file.path, extname(file.path));
  contents.forEach((content, index) => {
    const target = join(dir, `${stem}-${index + 1}.${format === 'svg' ? 'svg' : 'mmd'}`);
    try {
      env.fs.writeFileSync(target, content.endsWith('\n') ? content : content + '\n');
    } catch (error) {
      throw new CliError(`${displayPath(env.cwd, target)}: cannot write: ${(error as Error).message}`);
    }
    env.stdout.write(`${visible(displayPath(env.cwd, target))}\n`);
  });
  return 0;
}
