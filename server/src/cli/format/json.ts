/** `--format json` for lint: `{"diagnostics":[{file, line, column, endLine, endColumn, severity, code, message}]}`. */

import type { LintReport } from './lint-report';

export function formatJson(report: LintReport): string {
  const diagnostics = report.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      file: file.path,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  );
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}
