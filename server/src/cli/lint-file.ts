/**
 * One file of a lint, from its path to what the report shows of it, as plain data: the same
 * function runs on the main thread and in a worker (lint-threads.ts), whose results must survive
 * `postMessage`.
 */

import { checkFile, isFailure } from './check-file';
import type { ConfigResolver } from './config-files';
import type { Env } from './env';
import type { FileStat, InputFile } from './files';
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

export function lintFile(env: Env, configs: ConfigResolver, file: InputFile, stat: FileStat | undefined, includeHints: boolean): LintOutcome {
  const checked = checkFile(env, configs, file, stat);
  if (isFailure(checked)) return { kind: 'failed', messages: checked.messages };
  const shown = checked.diagnostics.filter((d) => includeHints || d.severity !== 'hint');
  const diagnostics = shown.map((d) => ({ code: d.code, alias: d.alias, severity: d.severity, message: d.message, ...rangeOf(checked.lines, d.start, d.end) }));
  return { kind: 'checked', text: diagnostics.length > 0 ? checked.text : '', diagnostics, hiddenHints: checked.diagnostics.length - shown.length };
}
