/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other viewers read it. Every rule of
 * the catalogue is listed (with its documentation page); each result points at a region with
 * 1-based lines and UTF-16 columns, its file relative to the working directory (`%SRCROOT%`).
 * Files that could not be checked are tool execution notifications, and make the run unsuccessful.
 */

import { pathToFileURL } from 'node:url';
import { allRules, type Severity } from '../../core/diagnostics';
import { ruleHelpUri, version, homepage } from '../version';
import type { LintReport } from './lint-report';

type Level = 'error' | 'warning' | 'note';

export function formatSarif(report: LintReport): string {
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.code, index]));
  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: level(d.severity),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(file.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'napkin',
            version,
            semanticVersion: version,
            informationUri: homepage,
            rules: allRules.map((rule) => ({
              id: rule.code,
              name: rule.alias,
              shortDescription: { text: rule.summary },
              helpUri: ruleHelpUri(rule.code),
              defaultConfiguration: { level: level(rule.severity) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: report.failures.map((failure) => ({
              level: 'error',
              message: { text: failure.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(failure.path), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function level(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A relative path as a URI reference: each segment percent-encoded, forward slashes kept. */
function uriOf(path: string): string {
  if (path.startsWith('/')) return pathToFileURL(path).href;
  return path.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
