/**
 * The readable lint format, like rustc and eslint: each problem with its code, message, location,
 * the source line and a caret under the range; a summary at the end.
 *
 *     error[N401]: `lbs` receives 16.5K/s but 3 replicas × 5K/s serve 15K/s (110%): it needs 4 replicas.
 *       --> examples/proximity-service.md:31:14
 *        |
 *     31 | service      lbs     "Location-based service" { replicas: 3, capacity: 5K/s, stateless }
 *        |              ^^^ over-capacity
 */

import type { Severity } from '../../core/diagnostics';
import { palette, type Palette } from './colour';
import { visible } from './visible';
import { countBySeverity, type LintDiagnostic, type LintedFile, type LintReport } from './lint-report';

const TAB_WIDTH = 4;

export function formatText(report: LintReport): string {
  const p = palette(report.colour);
  const out: string[] = [];
  for (const file of report.files) for (const d of file.diagnostics) out.push(problem(p, file, d), '');
  out.push(summary(p, report));
  return out.join('\n') + '\n';
}

function problem(p: Palette, file: LintedFile, d: LintDiagnostic): string {
  const paint = severityStyle(p, d.severity);
  const gutter = ' '.repeat(String(d.line).length);
  const source = file.lines.lineText(d.line);
  const shown = visible(expandTabs(source));
  const startColumn = visualColumn(source, d.column - 1);
  const lastColumn = d.endLine === d.line ? visualColumn(source, d.endColumn - 1) : shown.length;
  const width = Math.max(1, lastColumn - startColumn);
  return [
    `${paint(p.bold(`${d.severity}[${d.code}]`))}${p.bold(`: ${visible(d.message)}`)}`,
    `${gutter}${p.blue('-->')} ${visible(file.path)}:${d.line}:${d.column}`,
    `${gutter} ${p.blue('|')}`,
    `${p.blue(`${d.line} |`)} ${shown}`,
    `${gutter} ${p.blue('|')} ${' '.repeat(startColumn)}${paint(`${'^'.repeat(width)} ${d.alias}`)}`,
  ].join('\n');
}

function summary(p: Palette, report: LintReport): string {
  const counts = countBySeverity(report);
  const files = `${report.files.length} ${report.files.length === 1 ? 'file' : 'files'}`;
  const parts = (['error', 'warning', 'info', 'hint'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s === 'info' ? 'info' : s));
  const hidden = report.hiddenHints > 0 ? ` (${plural(report.hiddenHints, 'hint')} not shown: --include-hints)` : '';
  const unchecked = new Set(report.failures.map((f) => f.path)).size;
  const failed = unchecked > 0 ? `; ${plural(unchecked, 'file')} could not be checked` : '';
  if (parts.length === 0) return `${unchecked > 0 ? p.red('✖') : p.green('✔')} no problems in ${files}${hidden}${failed}`;
  const mark = counts.error > 0 ? p.red('✖') : p.yellow('⚠');
  return `${mark} ${p.bold(parts.join(', '))} in ${files}${hidden}${failed}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word === 'info' || n === 1 ? word : word + 's'}`;
}

function severityStyle(p: Palette, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'error':
      return p.red;
    case 'warning':
      return p.yellow;
    case 'info':
      return p.cyan;
    case 'hint':
      return p.dim;
  }
}

function expandTabs(line: string): string {
  return line.replace(/\t/g, ' '.repeat(TAB_WIDTH));
}

/** Where character `index` of the line is drawn once tabs are expanded. */
function visualColumn(line: string, index: number): number {
  const before = line.slice(0, Math.max(0, index));
  return expandTabs(before).length + Math.max(0, index - line.length);
}
