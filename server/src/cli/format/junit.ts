/**
 * `--format junit`: JUnit XML, as CI test reporters read it. One `<testsuite>` per file; one
 * `<testcase>` per diagnostic, a `<failure>` for errors and warnings (its `type` says which) and
 * a passing case with the message in `<system-out>` for info and hints; a file without problems
 * is one passing `<testcase>`. A file that could not be checked is a testcase with an `<error>`.
 * The exit code, not this report, decides whether the build fails (warnings under
 * `--max-warnings` pass).
 */

import type { LintReport } from './lint-report';

export function formatJunit(report: LintReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of report.files) {
    const cases: string[] = [];
    let failed = 0;
    for (const d of file.diagnostics) {
      const name = `${d.code} ${d.alias} at ${d.line}:${d.column}`;
      const where = `${file.path}:${d.line}:${d.column}`;
      const open = `    <testcase classname="${attr(file.path)}" name="${attr(name)}" file="${attr(file.path)}" line="${d.line}">`;
      if (d.severity === 'error' || d.severity === 'warning') {
        failed++;
        cases.push(`${open}\n      <failure type="${d.severity}" message="${attr(d.message)}">${text(`${where} ${d.severity} ${d.code} (${d.alias}): ${d.message}`)}</failure>\n    </testcase>`);
      } else {
        cases.push(`${open}\n      <system-out>${text(`${where} ${d.severity} ${d.code} (${d.alias}): ${d.message}`)}</system-out>\n    </testcase>`);
      }
    }
    if (cases.length === 0) cases.push(`    <testcase classname="${attr(file.path)}" name="${attr(file.path)}" file="${attr(file.path)}"/>`);
    tests += cases.length;
    failures += failed;
    suites.push(`  <testsuite name="${attr(file.path)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  // A file with several problems (a config with three bad keys) is one suite with one error.
  const failed = new Map<string, string[]>();
  for (const { path, message } of report.failures) failed.set(path, [...(failed.get(path) ?? []), message]);
  for (const [path, messages] of failed) {
    tests++;
    const message = messages.join('; ');
    suites.push(
      `  <testsuite name="${attr(path)}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="${attr(path)}" name="${attr(path)}" file="${attr(path)}">\n      <error message="${attr(message)}"/>\n    </testcase>\n  </testsuite>`,
    );
  }
  const errors = failed.size;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="napkin" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`;
}

/** Text content: the five entities that matter, and no character XML 1.0 forbids. */
function text(value: string): string {
  return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; line breaks and tabs as references so they survive. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function legal(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
