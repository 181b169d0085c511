/**
 * The golden report of one fixture: everything `analyze()` found, as readable text. Sections:
 *
 *   fences        where each napkin fence is (Markdown only)
 *   diagnostics   TypeScript `.errors.txt` style: `file(line,col): severity CODE alias: message`,
 *                 the source line(s) with a `~~~` squiggle under the range, related information and
 *                 quick fixes (`fix: title → edits`, then the edited line)
 *   quantities    `name = display   [exact value and canonical unit]`
 *   components    kind, label, group, props, then load · capacity · utilisation · replicas needed
 *   connections   label, props, load · bandwidth · read/write
 *   groups, flows the structure the diagrams are drawn from
 *   asserts       each budget, whether it holds, and both sides
 *   readings      how each unit term was read (only with the `show-readings` directive)
 *
 * Lines and columns are 1-based positions in the fixture file (the whole Markdown document), columns
 * in UTF-16 code units. Numbers use the core's one display policy (units/format.ts), so a golden
 * file shows what a user sees in inlay hints and messages.
 */

import type { Analysis } from '../../server/src/core/analysis';
import { showPercent } from '../../server/src/core/check/display';
import { readingsIn } from '../../server/src/core/features/readings';
import type { Diagnostic } from '../../server/src/core/diagnostics';
import type { PropValue } from '../../server/src/core/graph/build';
import { canonicalUnit, formatExact, formatQuantity } from '../../server/src/core/units/format';
import { quantity, scalar, type Quantity } from '../../server/src/core/units/quantity';
import { LineIndex } from './positions';

export interface ReportOptions {
  /** The file name shown in diagnostics (`fixture.md(3,5): …`). */
  readonly file: string;
  readonly showReadings: boolean;
}

export function renderReport(analysis: Analysis, options: ReportOptions): string {
  const index = new LineIndex(analysis.text);
  const display = (q: Quantity) => formatQuantity(q, { precision: analysis.precision, overrides: analysis.scope.overrides });
  const rate = (perSecond: number) => display(quantity(perSecond, 0, -1));
  const out: string[] = [];
  const section = (title: string, count?: number) => out.push('', `== ${title}${count === undefined ? '' : ` (${count})`} ==`);

  if (analysis.language === 'markdown') {
    section('fences', analysis.fences.length);
    for (const [i, { fence }] of analysis.fences.entries()) {
      const close = fence.closed ? `closed at line ${fence.closeLine + 1}` : `unclosed, ends at line ${fence.closeLine + 1}`;
      out.push(`fence ${i + 1}: opens at ${index.at(fence.start)} info ${JSON.stringify(fence.info)}, ${close}`);
    }
  }

  section('diagnostics', analysis.diagnostics.length);
  for (const d of analysis.diagnostics) out.push(...renderDiagnostic(d, index, options.file));

  section('quantities', analysis.quantities.length);
  const nameWidth = Math.max(0, ...analysis.quantities.map((q) => q.name.length));
  for (const q of analysis.quantities) {
    const line = `L${index.position(q.definition.start).line}`.padEnd(5);
    const name = q.name.padEnd(nameWidth);
    if (!q.value || q.display === undefined) {
      out.push(`${line}${name} = (no value)`);
      continue;
    }
    out.push(`${line}${name} = ${q.display.padEnd(22)} [${exact(q.value)}]`);
  }

  const components = [...analysis.graph.components.values()];
  section('components', components.length);
  for (const c of components) {
    const head = [`L${index.position(c.idSpan.start).line}`.padEnd(5) + c.id, `(${c.kindDef?.kind ?? 'unknown kind'})`];
    if (c.label !== undefined) head.push(JSON.stringify(c.label));
    if (c.group !== undefined) head.push(`in group ${c.group}`);
    out.push(head.join(' '));
    if (c.props.size > 0) out.push(`       props: ${renderProps(c.props, display, c.defaulted)}`);
    const n = analysis.load.components.get(c.id);
    if (!n) {
      out.push('       (not reached by the load propagation)');
      continue;
    }
    const parts = [`load ${n.load === undefined ? 'none' : rate(n.load)}`];
    if (n.load !== undefined && Math.abs(n.outgoing - n.load) > 1e-12 * Math.max(1, n.load)) parts.push(`passes on ${rate(n.outgoing)}`);
    if (n.capacity !== undefined && n.capacityPerReplica !== undefined) {
      parts.push(`capacity ${rate(n.capacity)} = ${n.replicas} × ${rate(n.capacityPerReplica)} (${n.capacitySource})`);
    } else {
      parts.push(`replicas ${n.replicas}`);
    }
    if (n.utilisation !== undefined) parts.push(`utilisation ${showPercent(n.utilisation)}`);
    if (n.replicasNeeded !== undefined) parts.push(`replicas needed ${n.replicasNeeded}`);
    if (n.reads > 0 || n.writes > 0) parts.push(`reads ${rate(n.reads)} · writes ${rate(n.writes)}`);
    if (n.bandwidthIn !== undefined) parts.push(`bandwidth in ${display(quantity(n.bandwidthIn, 1, -1))}`);
    out.push(`       ${parts.join(' · ')}`);
  }

  section('connections', analysis.graph.edges.length);
  for (const [i, e] of analysis.graph.edges.entries()) {
    const head = [`L${index.position(e.span.start).line}`.padEnd(5) + `${e.from} ${e.async ? '~>' : '->'} ${e.to}`];
    if (e.label !== undefined) head.push(`: ${e.label}`);
    if (e.props.size > 0) head.push(`{ ${renderProps(e.props, display, new Set())} }`);
    out.push(head.join(' '));
    const n = analysis.load.edges[i];
    if (!n) continue;
    const parts = [n.inCycle ? 'closes a cycle: no load' : `load ${n.load === undefined ? 'none' : rate(n.load)}`];
    if (n.bandwidth !== undefined) parts.push(`bandwidth ${display(quantity(n.bandwidth, 1, -1))}`);
    if (n.op !== undefined) parts.push(n.op);
    out.push(`       ${parts.join(' · ')}`);
  }

  if (analysis.graph.groups.size > 0) {
    section('groups', analysis.graph.groups.size);
    for (const g of analysis.graph.groups.values()) {
      const members = components.filter((c) => c.group === g.id).map((c) => c.id);
      const head = [`L${index.position(g.idSpan.start).line}`.padEnd(5) + `group ${g.id}`];
      if (g.label !== undefined) head.push(JSON.stringify(g.label));
      if (g.parent !== undefined) head.push(`in group ${g.parent}`);
      head.push(`holds [${members.join(', ')}]`);
      out.push(head.join(' '));
    }
  }

  if (analysis.graph.flows.length > 0) {
    section('flows', analysis.graph.flows.length);
    for (const f of analysis.graph.flows) {
      out.push(`L${index.position(f.idSpan.start).line}`.padEnd(5) + `flow ${f.id}${f.label === undefined ? '' : ` ${JSON.stringify(f.label)}`}`);
      for (const s of f.steps) {
        const arrow = s.reply ? '-->' : s.async ? '~>' : '->';
        out.push(`       ${s.from} ${arrow} ${s.to}${s.label === undefined ? '' : ` : ${s.label}`}`);
      }
    }
  }

  section('asserts', analysis.asserts.length);
  for (const a of analysis.asserts) {
    const source = analysis.text.slice(a.start, a.end);
    out.push(`L${index.position(a.start).line}`.padEnd(5) + `${source}   ${a.holds ? 'holds' : 'FAILS'}: ${display(a.left)} ${a.op} ${display(a.right)}`);
  }

  if (options.showReadings) {
    const readings = readingsIn(analysis);
    section('readings', readings.length);
    for (const r of readings) {
      out.push(`${index.range(r.start, r.end)} ${JSON.stringify(analysis.text.slice(r.start, r.end))}: ${r.text}`);
    }
  }

  return out.join('\n').replace(/^\n/, '') + '\n';
}

/** The exact value with its canonical unit (formatExact), or more digits when formatExact rounds them away. */
function exact(q: Quantity): string {
  const shown = formatExact(q);
  const unit = canonicalUnit(q);
  // formatExact writes every digit: 1e301 would take 400 characters.
  if (shown.length - unit.length > 40) {
    const number = q.value.toPrecision(12).replace(/\.?0+e/, 'e');
    return `${unit ? `${number} ${unit}` : number}; formatExact shows ${shown.length - unit.length} digits and commas`;
  }
  const number = Number(shown.slice(0, shown.length - unit.length).replace(/,/g, '').trim());
  if (q.value === 0 || Math.abs(number - q.value) <= 1e-9 * Math.abs(q.value)) return shown;
  const digits = String(Number(q.value.toPrecision(12)));
  return `${unit.startsWith('/') || unit === '' ? digits + unit : `${digits} ${unit}`}; formatExact shows ${shown}`;
}

function renderProps(props: ReadonlyMap<string, PropValue>, display: (q: Quantity) => string, defaulted: ReadonlySet<string>): string {
  return [...props]
    .map(([key, value]) => {
      const suffix = defaulted.has(key) ? ' (assumed)' : '';
      switch (value.type) {
        case 'quantity':
          return `${key}: ${display(value.value)}${suffix}`;
        case 'word':
          return `${key}: ${value.value}${suffix}`;
        case 'tags':
          return `${key}: [${value.value.join(', ')}]${suffix}`;
        case 'flag':
          return key;
      }
    })
    .join(', ');
}

export function renderDiagnostic(d: Diagnostic, index: LineIndex, file: string): string[] {
  const { line, column } = index.position(d.start);
  const out = [`${file}(${line},${column}): ${d.severity} ${d.code} ${d.alias}: ${d.message}`];
  out.push(...squiggle(index, d.start, d.end));
  for (const r of d.related ?? []) out.push(`    related ${file}${index.range(r.start, r.end)}: ${r.message}`);
  for (const f of d.fixes ?? []) {
    const edits = f.edits.map((e) => `${e.start === e.end ? 'insert at' : 'replace'} ${index.range(e.start, e.end)} ${JSON.stringify(e.text)}`);
    out.push(`    fix${f.preferred ? ' (preferred)' : ''}: ${f.title} → ${edits.join('; ')}`);
    out.push(...applied(index, f.edits).map((l) => `      | ${l}`));
  }
  return out;
}

/** The source lines of [start, end) with `~` under the range (`^` for an empty range). */
function squiggle(index: LineIndex, start: number, end: number): string[] {
  const first = index.position(start);
  const last = index.position(Math.max(start, end));
  const out: string[] = [];
  const gutter = String(last.line).length;
  const lines = last.line - first.line + 1;
  for (let line = first.line; line <= last.line; line++) {
    if (lines > 4 && line === first.line + 2) {
      out.push(`    ${' '.repeat(gutter)} | … ${lines - 3} more lines`);
      line = last.line - 1;
      continue;
    }
    const text = index.lineText(line);
    const from = line === first.line ? first.column - 1 : 0;
    const to = line === last.line ? last.column - 1 : text.length;
    const pad = text.slice(0, from).replace(/[^\t]/g, ' ');
    const marks = start === end ? '^' : '~'.repeat(Math.max(1, to - from));
    out.push(`    ${String(line).padStart(gutter)} | ${text}`);
    out.push(`    ${' '.repeat(gutter)} | ${pad}${marks}`);
  }
  return out;
}

/** The lines a fix touches, after the fix is applied. */
function applied(index: LineIndex, edits: readonly { start: number; end: number; text: string }[]): string[] {
  if (edits.length === 0) return [];
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let text = index.text;
  for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  const firstLine = index.position(Math.min(...edits.map((e) => e.start))).line;
  const lastLine = index.position(Math.max(...edits.map((e) => e.end))).line;
  const grown = edits.reduce((n, e) => n + (e.text.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  const after = new LineIndex(text);
  const out: string[] = [];
  for (let line = firstLine; line <= lastLine + grown; line++) out.push(after.lineText(line));
  return out;
}

/** Used by invariants: every number the report shows, so none is Infinity or NaN. */
export function shownNumbers(analysis: Analysis): string[] {
  const display = (q: Quantity) => formatQuantity(q, { precision: analysis.precision, overrides: analysis.scope.overrides });
  const shown: string[] = [];
  for (const q of analysis.quantities) if (q.display !== undefined) shown.push(`${q.name} = ${q.display}`);
  for (const [id, n] of analysis.load.components) {
    if (n.load !== undefined) shown.push(`${id}.load = ${display(quantity(n.load, 0, -1))}`);
    if (n.utilisation !== undefined) shown.push(`${id}.utilisation = ${display(scalar(n.utilisation))}`);
  }
  return shown;
}
