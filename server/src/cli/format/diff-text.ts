/**
 * `napkin diff` as text:
 *
 *     examples/design.md: main → HEAD
 *
 *     Quantities
 *       ~ peak_qps     12K/s → 48K/s  (+300%)
 *       + archive      2 PB
 *       - old_quota    was 5 GB
 *
 *     Components
 *       ~ api          load 12K/s → 48K/s (+300%), utilisation 60% → 240% (+180 pp), replicas needed 2 → 5 (+3)
 *
 *     Errors
 *       + N401 over-capacity, line 31: `api` receives 48K/s but …
 */

import type { DesignDiff, MetricChange, Status } from '../diff-compare';

const marks: Record<Status, string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };

export function formatDiffText(diff: DesignDiff, title: string): string {
  const out = [title, ''];
  if (diff.quantities.length > 0) {
    const width = Math.max(...diff.quantities.map((q) => q.name.length));
    out.push('Quantities');
    for (const q of diff.quantities) {
      const name = q.name.padEnd(width);
      if (q.status === 'added') out.push(`  + ${name}  ${q.after ?? '(not computed)'}`);
      else if (q.status === 'removed') out.push(`  - ${name}  was ${q.before ?? '(not computed)'}`);
      else out.push(`  ${marks[q.status]} ${name}  ${q.before ?? '—'}${q.status === 'changed' ? ` → ${q.after ?? '—'}${q.change ? `  (${q.change})` : ''}` : ''}`);
    }
    out.push('');
  }
  if (diff.components.length > 0) {
    const width = Math.max(...diff.components.map((c) => c.id.length));
    out.push('Components');
    for (const c of diff.components) {
      const what = c.status === 'added' ? ['added', ...c.metrics.map((m) => `${m.metric} ${m.after}`)].join(', ') : c.status === 'removed' ? 'removed' : c.metrics.map(metric).join(', ');
      out.push(`  ${marks[c.status]} ${c.id.padEnd(width)}  ${what}`);
    }
    out.push('');
  }
  if (diff.newErrors.length > 0 || diff.resolvedErrors.length > 0) {
    out.push('Errors');
    for (const e of diff.newErrors) out.push(`  + ${e.code} ${e.alias}, line ${e.line}: ${e.message}`);
    for (const e of diff.resolvedErrors) out.push(`  - ${e.code} ${e.alias}, resolved (was line ${e.line}): ${e.message}`);
    out.push('');
  }
  if (out.length === 2) out.push('No computed number changed.', '');
  return out.join('\n');
}

function metric(m: MetricChange): string {
  if (m.before === m.after) return `${m.metric} ${m.after}`;
  return `${m.metric} ${m.before} → ${m.after}${m.change ? ` (${m.change})` : ''}`;
}
