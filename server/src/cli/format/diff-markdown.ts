/** `napkin diff --format markdown`: the capacity diff as tables, for a pull-request comment. */

import type { DesignDiff } from '../diff-compare';
import { cell, code, table } from './markdown';

const statusText = { added: 'added', removed: 'removed', changed: '', unchanged: 'unchanged' } as const;

export function formatDiffMarkdown(diff: DesignDiff, file: string, base: string, head: string): string {
  const parts = [`### Capacity diff: ${code(file)} (${code(base)} → ${code(head)})`];
  if (diff.quantities.length > 0) {
    const rows = diff.quantities.map((q) => [code(q.name), cell(q.before), cell(q.after), cell(q.change || statusText[q.status])]);
    parts.push(table(['Quantity', 'Before', 'After', 'Change'], 'lrrr', rows));
  }
  if (diff.components.length > 0) {
    const rows = diff.components.flatMap((c) => {
      if (c.status === 'added' || c.status === 'removed') {
        const load = c.metrics.find((m) => m.metric === 'load');
        return [[code(c.id), c.status === 'added' ? 'load' : '—', c.status === 'removed' ? 'present' : '—', c.status === 'added' ? cell(load?.after) : '—', statusText[c.status]]];
      }
      return c.metrics.map((m, i) => [i === 0 ? code(c.id) : '', m.metric, cell(m.before), cell(m.after), cell(m.change || (m.before === m.after ? 'unchanged' : ''))]);
    });
    parts.push(table(['Component', 'Metric', 'Before', 'After', 'Change'], 'llrrr', rows));
  }
  if (diff.newErrors.length > 0) parts.push(`**New errors**\n\n${diff.newErrors.map((e) => `- ${e.code} ${e.alias}, line ${e.line}: ${cell(e.message)}`).join('\n')}`);
  if (diff.resolvedErrors.length > 0) parts.push(`**Resolved errors**\n\n${diff.resolvedErrors.map((e) => `- ${e.code} ${e.alias}: ${cell(e.message)}`).join('\n')}`);
  if (parts.length === 1) parts.push('No computed number changed.');
  return parts.join('\n\n') + '\n';
}
