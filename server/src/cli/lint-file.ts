/**
 * One file of a lint, from its text to what the report shows of it, as plain data: the same
 * functions run on the main thread and in a worker (lint-threads.ts), whose results must survive
 * `postMessage`.
 */

import type { NapkinConfig } from '../core/config';
import { mentionsNapkin } from '../core/text/fences';
import { checkOrFail, isFailure, languageOf, readFile } from './check-file';
import type { ConfigResolver } from './config-files';
import type { Env } from './env';
import type { InputFile } from './files';
import type { LintDiagnostic } from './format/lint-report';
import { rangeOf } from './positions';

export type LintOutcome =
  | {
      readonly kind: 'checked';
      /** The file's text when a diagnostic is shown (the text format quotes its lines); '' when none is. */
      readonly text: string;
      readonly diagnostics: readonly LintDiagnostic[];
      /** Hints left out because `--include-hints` was not given. */
      readonly hiddenHints: number;
    }
  | { readonly kind: 'failed'; readonly messages: readonly string[] };

/** A file with nothing to report. */
export const clean: LintOutcome = { kind: 'checked', text: '', diagnostics: [], hiddenHints: 0 };

/**
 * Whether a file needs analysing at all. A Markdown file that never says "napkin" (in any case) has
 * no napkin fence and no suppression comment, so it is clean as it is: most of a docs folder, often.
 */
export function needsAnalysis(file: InputFile, text: string): boolean {
  return languageOf(file.path) === 'napkin' || mentionsNapkin(text);
}

/** A file that needs analysing, read: its diagnostics as the report shows them. */
export function lintText(file: InputFile, text: string, config: NapkinConfig, includeHints: boolean): LintOutcome {
  const checked = checkOrFail(file, text, config);
  if (isFailure(checked)) return { kind: 'failed', messages: checked.messages };
  const shown = checked.diagnostics.filter((d) => includeHints || d.severity !== 'hint');
  const diagnostics = shown.map((d) => ({ code: d.code, alias: d.alias, severity: d.severity, message: d.message, ...rangeOf(checked.lines, d.start, d.end) }));
  return { kind: 'checked', text: diagnostics.length > 0 ? text : '', diagnostics, hiddenHints: checked.diagnostics.length - shown.length };
}

/** One file from its path, as a worker checks the files it takes. */
export function lintFile(env: Env, configs: ConfigResolver, file: InputFile, includeHints: boolean): LintOutcome {
  const read = readFile(env, configs, file);
  if (isFailure(read)) return { kind: 'failed', messages: read.messages };
  return needsAnalysis(file, read.text) ? lintText(file, read.text, read.config, includeHints) : clean;
}
