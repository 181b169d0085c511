/**
 * `--format github`: GitHub Actions workflow commands, which become annotations on the pull
 * request's files. Errors are `::error`, warnings `::warning`, info and hints `::notice`.
 *
 *     ::error file=docs/design.md,line=31,col=14,endLine=31,endColumn=17,title=N401 over-capacity::`lbs` receives …
 *
 * Escaping as the runner decodes it: in the message `%`, `\r` and `\n`; in property values also
 * `:` and `,`.
 */

import type { Severity } from '../../core/diagnostics';
import type { LintReport } from './lint-report';

export function formatGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const properties = [
        `file=${escapeProperty(file.path)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`${d.code} ${d.alias}`)}`,
      ];
      lines.push(`::${command(d.severity)} ${properties.join(',')}::${escapeData(d.message)}`);
    }
  }
  for (const failure of report.failures) lines.push(`::error file=${escapeProperty(failure.path)},title=napkin::${escapeData(failure.message)}`);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function command(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
