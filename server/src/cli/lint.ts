/**
 * `napkin lint [GLOBS...]`: checks design files and reports in the format CI reads.
 * Exit code 0 when clean, 1 for errors (or more warnings than `--max-warnings`), 2 when a file
 * could not be checked or the command line or a config is wrong (the other files are still checked).
 */

import { choice, parseCommandArgs, stringOption, wholeNumber } from './args';
import { createConfigResolver } from './config-files';
import { useColour, type Env, type ExitCode } from './env';
import { selectFiles } from './files';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { countBySeverity, type LintedFile, type LintFailure, type LintFormatter, type LintReport } from './format/lint-report';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { visible } from './format/visible';
import { openLintCache, parseCacheStrategy } from './lint-cache';
import { lintFiles, parseConcurrency } from './lint-threads';
import { lineIndex } from './positions';

const formatters = { text: formatText, json: formatJson, sarif: formatSarif, github: formatGithub, junit: formatJunit } satisfies Record<string, LintFormatter>;
type Format = keyof typeof formatters;
const formats = Object.keys(formatters) as Format[];

export const lintOptions = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'include-hints': { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  concurrency: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  'cache-strategy': { type: 'string' },
} as const;

export async function lint(env: Env, args: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('lint', args, lintOptions);
  const format = choice('format', values.format, formats, 'text');
  const maxWarnings = wholeNumber('max-warnings', values['max-warnings']);
  const includeHints = values['include-hints'] === true;
  const concurrency = parseConcurrency(values.concurrency);
  const config = stringOption(values.config);
  const configs = createConfigResolver(env, config);
  const cacheLocation = stringOption(values['cache-location']);
  const cacheStrategy = stringOption(values['cache-strategy']);
  // Saying where the cache goes, or how it tells files apart, asks for one.
  const cache = values.cache === true || cacheLocation !== undefined || cacheStrategy !== undefined ? openLintCache(env, cacheLocation, parseCacheStrategy(cacheStrategy)) : undefined;

  const selection = await selectFiles(env, positionals);
  const outcomes = await lintFiles(env, configs, { files: selection.files, config, cache }, concurrency);
  const cacheProblem = cache?.save(selection.files);

  const files: LintedFile[] = [];
  const failures: LintFailure[] = [...selection.problems];
  let hiddenHints = 0;
  for (const [index, file] of selection.files.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.kind === 'failed') {
      for (const message of outcome.messages) failures.push({ path: file.path, message });
      continue;
    }
    const diagnostics = includeHints ? outcome.diagnostics : outcome.diagnostics.filter((d) => d.severity !== 'hint');
    hiddenHints += outcome.diagnostics.length - diagnostics.length;
    files.push({ path: file.path, lines: lineIndex(outcome.text), diagnostics });
  }

  const report: LintReport = { files, failures, hiddenHints, cwd: env.cwd, colour: format === 'text' && useColour(env) };
  // The text format shows design text with colours of its own, and makes that text visible itself.
  const output = formatters[format](report);
  env.stdout.write(format === 'text' ? output : visible(output));
  // A bad config fails every file under it: say so once.
  for (const message of new Set(failures.map((f) => f.message))) env.stderr.write(`napkin lint: ${message}\n`);
  if (selection.files.length === 0 && positionals.length === 0 && format === 'text') env.stderr.write('napkin lint: no *.md or *.napkin files here\n');
  if (cacheProblem !== undefined) env.stderr.write(`napkin lint: ${cacheProblem}\n`);

  if (failures.length > 0) return 2;
  if (values['exit-zero'] === true) return 0;
  const counts = countBySeverity(report);
  if (counts.error > 0) return 1;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) {
    env.stderr.write(`napkin lint: ${counts.warning} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
