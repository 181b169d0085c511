/**
 * `napkin estimate` as Markdown, ready for `$GITHUB_STEP_SUMMARY` or a PR comment: per file a
 * heading, the quantities, the component loads (over capacity marked) and any failed asserts.
 */

import type { FileEstimate } from '../estimate-data';
import { cell, code, table } from './markdown';

export function formatEstimateMarkdown(estimates: readonly FileEstimate[]): string {
  return estimates.map(fileSection).join('\n\n') + '\n';
}

function fileSection(e: FileEstimate): string {
  const parts = [`## ${e.file.replace(/[\\`*_[\]<>#]/g, '\\$&')}`];
  if (e.errors > 0) parts.push(`> **${e.errors} ${e.errors === 1 ? 'error' : 'errors'}** in this file: \`napkin lint\` lists ${e.errors === 1 ? 'it' : 'them'}.`);
  if (e.quantities.length === 0 && e.components.length === 0) parts.push('_No napkin quantities or components._');
  if (e.quantities.length > 0) {
    parts.push(table(['Quantity', 'Value', 'Exact', 'Line'], 'lrrr', e.quantities.map((q) => [code(q.name), cell(q.display), cell(q.exact), String(q.line)])));
  }
  if (e.components.length > 0) {
    const rows = e.components.map((c) => {
      const over = c.utilisation !== null && c.utilisation > 1 + 1e-9;
      const utilisation = c.utilisation === null ? '—' : over ? `**${e.show.percent(c.utilisation)} over capacity**` : e.show.percent(c.utilisation);
      const needed = c.replicasNeeded === null ? '—' : over ? `**${c.replicasNeeded}**` : String(c.replicasNeeded);
      return [
        code(c.id),
        cell(c.kind),
        c.load === null ? '—' : e.show.rate(c.load),
        c.capacity === null ? '—' : e.show.rate(c.capacity),
        utilisation,
        String(c.replicas),
        needed,
      ];
    });
    parts.push(table(['Component', 'Kind', 'Load', 'Capacity', 'Utilisation', 'Replicas', 'Needed'], 'llrrrrr', rows));
  }
  if (e.failedAsserts.length > 0) {
    const items = e.failedAsserts.map((a) => `- Line ${a.line}: ${code(a.source.trim())}: ${cell(a.message)}`);
    parts.push(`**Failed asserts**\n\n${items.join('\n')}`);
  }
  return parts.join('\n\n');
}
