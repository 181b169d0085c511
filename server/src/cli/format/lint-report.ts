/**
 * What `napkin lint` found, in the shape every formatter reads: files in path order, each with
 * its diagnostics in document order, positions already 1-based.
 */

import type { Severity } from '../../core/diagnostics';
import type { LineIndex } from '../positions';

export interface LintDiagnostic {
  readonly code: string;
  readonly alias: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Exclusive: the column just past the last character. */
  readonly endColumn: number;
}

export interface LintedFile {
  /** Relative to the working directory, forward slashes. */
  readonly path: string;
  readonly lines: LineIndex;
  readonly diagnostics: readonly LintDiagnostic[];
}

/** A file that could not be checked (unreadable, binary, bad config). */
export interface LintFailure {
  readonly path: string;
  readonly message: string;
}

export interface LintReport {
  readonly files: readonly LintedFile[];
  readonly failures: readonly LintFailure[];
  /** Hints left out because `--include-hints` was not given. */
  readonly hiddenHints: number;
  /** The working directory, for formats that record absolute locations (SARIF). */
  readonly cwd: string;
  readonly colour: boolean;
}

export type LintFormatter = (report: LintReport) => string;

/** Counts by severity over every file. */
export function countBySeverity(report: LintReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of report.files) for (const d of file.diagnostics) counts[d.severity]++;
  return counts;
}
