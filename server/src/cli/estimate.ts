/**
 * `napkin estimate FILE...`: the computed numbers of each file that has napkin fences, as Markdown
 * tables (default) or JSON. Exit code 0 (the numbers are a report, not a verdict: `napkin lint` fails on errors and
 * failed asserts), 2 when a file could not be read or its config is wrong.
 */

import { choice, parseCommandArgs, stringOption } from './args';
import { checkFile, guardInternal, isFailure } from './check-file';
import { createConfigResolver } from './config-files';
import { CliError, type Env, type ExitCode } from './env';
import { estimateOf, type FileEstimate } from './estimate-data';
import { selectFiles } from './files';
import { formatEstimateJson } from './format/estimate-json';
import { formatEstimateMarkdown } from './format/estimate-markdown';
import { visible } from './format/visible';

export const estimateOptions = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
} as const;

export async function estimate(env: Env, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('estimate', args, estimateOptions);
  const format = choice('format', values.format, ['markdown', 'json'], 'markdown');
  if (positionals.length === 0) throw new CliError('which files? e.g. napkin estimate docs/design.md');
  const configs = createConfigResolver(env, stringOption(values.config));
  const selection = await selectFiles(env, positionals);
  const messages = selection.problems.map((p) => p.message);
  const estimates: FileEstimate[] = [];
  for (const file of selection.files) {
    const checked = checkFile(env, configs, file);
    if (isFailure(checked)) messages.push(...checked.messages);
    // A README without napkin fences has no numbers: leave it out of the report.
    else if (checked.analysis.fences.length > 0) {
      try {
        estimates.push(guardInternal(file, () => estimateOf(checked)));
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        messages.push(error.message);
      }
    }
  }
  if (format === 'json') env.stdout.write(formatEstimateJson(estimates));
  else if (estimates.length > 0) env.stdout.write(visible(formatEstimateMarkdown(estimates)));
  else if (selection.files.length > 0) env.stdout.write('_No napkin fences in these files._\n');
  for (const message of new Set(messages)) env.stderr.write(`napkin estimate: ${message}\n`);
  return messages.length > 0 ? 2 : 0;
}
