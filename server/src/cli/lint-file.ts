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
      /** The file's text when it has a diagnostic (the text format quotes its lines); '' when it has none. */
      readonly text: string;
      /** Every diagnostic, hints too: which of them a report shows is the report's choice (`--include-hints`). */
      readonly diagnostics: readonly LintDiagnostic[];
    }
  | { readonly kind: 'failed'; readonly messages: readonly string[] };

/** A file with nothing to report. */
export const clean: LintOutcome = { kind: 'checked', text: '', diagnostics: [] };

/**
 * Whether a file needs analysing at all. A Markdown file that never says "napkin" (in any case) has
 * no napkin fence and no suppression comment, so it is clean as it is: most of a docs folder, often.
 */
export function needsAnalysis(file: InputFile, text: string): boolean {
  return languageOf(file.path) === 'napkin' || mentionsNapkin(text);
}

/** A file that needs analysing, read: its diagnostics with 1-based positions. */
export function lintText(file: InputFile, text: string, config: NapkinConfig): LintOutcome {
  const checked = checkOrFail(file, text, config);
  if (isFailure(checked)) return { kind: 'failed', messages: checked.messages };
  const diagnostics = checked.diagnostics.map((d) => ({ code: d.code, alias: d.alias, severity: d.severity, message: d.message, ...rangeOf(checked.lines, d.start, d.end) }));
  return checkedOutcome(text, diagnostics);
}

export function checkedOutcome(text: string, diagnostics: readonly LintDiagnostic[]): LintOutcome {
  return { kind: 'checked', text: diagnostics.length > 0 ? text : '', diagnostics };
}

/** One file from its path, as a worker checks the files it takes; with the text it read, if it could. */
export function lintFile(env: Env, configs: ConfigResolver, file: InputFile): { readonly outcome: LintOutcome; readonly text?: string } {
  const read = readFile(env, configs, file);
  if (isFailure(read)) return { outcome: { kind: 'failed', messages: read.messages } };
  return { outcome: needsAnalysis(file, read.text) ? lintText(file, read.text, read.config) : clean, text: read.text };
}
