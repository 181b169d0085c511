/**
 * Code actions: every fix the core attached to a diagnostic (did-you-mean, set replicas), and the
 * ones that need the editor's context: define a missing quantity, disable a rule on a line, and
 * the refactor that converts a value to another unit (`100 KB` → `0.1 MB`).
 */

import type { Analysis } from '../analysis';
import type { Diagnostic } from '../diagnostics';
import { allExprs, exprsOf, type Expr, type Stmt } from '../syntax/tree';
import { findUnit, magnitudes, unitFactor, type UnitDef } from '../units/table';
import { referencesIn } from './memo';
import type { TextEdit } from './rename';
import { lineBreakOf, lineStartOf } from './text';
import { fenceAt, statementAt } from './words';

export interface CodeAction {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
  /** The diagnostic this action fixes. */
  readonly diagnostic?: Diagnostic;
}

/**
 * The actions for the diagnostics touching [range.start, range.end], then refactors at range.start.
 * `diagnostics` are those the editor shows (suppressions applied); the analysis' own by default.
 */
export function codeActions(analysis: Analysis, range: { start: number; end: number }, diagnostics: readonly Diagnostic[] = analysis.diagnostics): CodeAction[] {
  const actions: CodeAction[] = [];
  const touching = diagnostics.filter((d) => d.start <= range.end && d.end >= range.start);
  for (const diagnostic of touching) {
    for (const fix of diagnostic.fixes ?? []) actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, preferred: fix.preferred, diagnostic });
    if (diagnostic.code === 'N101') actions.push(...defineQuantity(analysis, diagnostic));
  }
  for (const diagnostic of touching) actions.push(disableRule(analysis, diagnostic));
  actions.push(...convertUnit(analysis, range.start));
  return dedupe(actions);
}

/** `Define \`name\``: a `name = ` line before the statement of the name's first use. */
function defineQuantity(analysis: Analysis, diagnostic: Diagnostic): CodeAction[] {
  const name = analysis.text.slice(diagnostic.start, diagnostic.end);
  if (!diagnostic.message.includes('is not defined')) return [];
  const first = referencesIn(analysis).find((r) => r.name === name && r.role === 'value');
  const at = first && statementAt(analysis, first.start);
  if (!at) return [];
  // Flows hold steps only: a quantity used in a flow is defined before the flow.
  const flowIndex = at.parents.findIndex((p) => p.kind === 'flow');
  const target: Stmt = flowIndex >= 0 ? at.parents[flowIndex]! : at.statement;
  const start = at.base + target.start;
  const lineStart = lineStartOf(analysis.text, start);
  const prefix = analysis.text.slice(lineStart, start);
  const edit = { start: lineStart, end: lineStart, text: `${prefix}${name} = ${lineBreakOf(analysis.text)}` };
  return [{ title: `Define \`${name}\``, kind: 'quickfix', edits: [edit], diagnostic }];
}

/** `# napkin-disable-next-line CODE` above the diagnostic's line, indented like it. */
function disableRule(analysis: Analysis, diagnostic: Diagnostic): CodeAction {
  const lineStart = lineStartOf(analysis.text, diagnostic.start);
  const fence = fenceAt(analysis, diagnostic.start);
  // The fence's same-offset text has spaces where Markdown's prefix (`> `, list indentation) is.
  const fenceText = fence === undefined ? undefined : analysis.fences[fence]!.fence;
  let codeStart = lineStart;
  const at = (i: number) => (fenceText ? fenceText.text[i - fenceText.contentStart] : analysis.text[i]);
  while (codeStart < diagnostic.start && (at(codeStart) === ' ' || at(codeStart) === '\t')) codeStart++;
  const prefix = analysis.text.slice(lineStart, codeStart);
  const text = `${prefix}# napkin-disable-next-line ${diagnostic.code}${lineBreakOf(analysis.text)}`;
  return { title: `Disable ${diagnostic.code} (${diagnostic.alias}) on this line`, kind: 'quickfix', edits: [{ start: lineStart, end: lineStart, text }], diagnostic };
}

const dataTargets = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
const timeTargets = ['ms', 's', 'min', 'h', 'day', 'week', 'month', 'year'];

/** On `100 KB` (a number and one data or time unit): the same value in the neighbouring units. */
function convertUnit(analysis: Analysis, offset: number): CodeAction[] {
  const at = statementAt(analysis, offset);
  if (!at) return [];
  const relative = offset - at.base;
  const literal = exprsOf(at.statement)
    .flatMap((root) => allExprs(root))
    .find((node): node is Extract<Expr, { kind: 'units' }> => node.kind === 'units' && node.start <= relative && relative <= node.end && node.inner.kind === 'number' && node.units.length === 1);
  if (!literal || literal.inner.kind !== 'number') return [];
  const term = literal.units[0]!;
  const unit = findUnit(term.word.text);
  if (!unit || term.exponent !== 1 || (term.attached && magnitudes[term.word.text])) return [];
  const targets = unit.kind === 'data' ? dataTargets : unit.kind === 'time' ? timeTargets : [];
  const overrides = analysis.scope.overrides;
  const from = unitFactor(unit, overrides);
  const actions: CodeAction[] = [];
  for (const name of targets) {
    const target = findUnit(name)!;
    if (target === unit) continue;
    const value = Number(((literal.inner.value * from) / unitFactor(target, overrides)).toPrecision(12));
    // Only values that stay short and exact: `0.1 MB`, `1.5 h`; never `260.714285714 weeks`.
    if (!(value >= 0.001 && value < 1e6) || Number(value.toPrecision(6)) !== value) continue;
    const text = `${value} ${unitName(target, value)}`;
    actions.push({ title: `Convert to ${target.names[0]} (${text})`, kind: 'refactor.rewrite', edits: [{ start: at.base + literal.start, end: at.base + literal.end, text }] });
  }
  return actions;
}

/** `days` for many days, `day` for one; symbols (`ms`, `KB`) never change. */
function unitName(unit: UnitDef, value: number): string {
  const plural = unit.names[1];
  return value !== 1 && plural === `${unit.names[0]}s` ? plural : unit.names[0]!;
}

function dedupe(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    const key = `${action.title}\u0000${JSON.stringify(action.edits)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
