/**
 * Inlay hints: a quantity's value, a component's load and utilisation, a sized connection's
 * bandwidth. Each sits at the end of its statement's first line, so typing inside the statement
 * never moves it, and stays under 40 characters. Parts of a label point at the inputs they come
 * from (the `capacity` prop, the connection bringing the load, the `size`); the tooltip is the
 * full derivation. Only hints whose statement touches the requested range are computed.
 */

import type { Analysis } from '../analysis';
import type { Component, Edge } from '../graph/build';
import { quantityOf, type EdgeLoad } from '../graph/load';
import { findKind } from '../model/catalogue';
import { sourceAt } from '../text/fence-at';
import { MAX_DISPLAY_LENGTH } from '../units/format';
import { componentLines, display, edgeLine, quantityDerivation, showBandwidth, showData, showPercent, showRate } from './derivation';
import { markdownList } from './hover';
import { incomingOf } from './memo';
import { trimmedLineEndOf } from './text';
import { statementAt, type StatementAt } from './words';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface HintPart {
  readonly text: string;
  /** Where the number in this part comes from; the editor jumps there on click. */
  readonly target?: Span;
}

export interface InlayHint {
  /** Where the hint is drawn: the end of the statement's first line, before trailing spaces. */
  readonly offset: number;
  readonly kind: 'quantity' | 'load' | 'bandwidth';
  readonly label: string;
  readonly parts: readonly HintPart[];
  /** Markdown: the derivation with every factor. */
  readonly tooltip: string;
}

export interface InlayHintOptions {
  readonly quantities?: boolean;
  readonly loads?: boolean;
  readonly bandwidth?: boolean;
}

/** The hints of statements that touch [range.start, range.end], in document order. */
export function inlayHints(analysis: Analysis, range: Span, options: InlayHintOptions = {}): InlayHint[] {
  const touches = (span: Span) => span.start <= range.end && span.end >= range.start;
  const hints: InlayHint[] = [];
  if (options.quantities !== false) {
    for (const result of analysis.quantities) {
      const statement = result.definition.statement;
      const span = { start: result.definition.start, end: result.definition.start + statement.end - statement.start };
      if (touches(span)) hints.push(...quantityHint(analysis, result.name, span.start));
    }
  }
  if (options.loads !== false) {
    for (const component of analysis.graph.components.values()) if (touches(component.span)) hints.push(...loadHint(analysis, component));
  }
  if (options.bandwidth !== false) {
    analysis.graph.edges.forEach((edge, index) => {
      if (touches(edge.statementSpan)) hints.push(...bandwidthHint(analysis, edge, analysis.load.edges[index]));
    });
  }
  return hints.sort((a, b) => a.offset - b.offset);
}

function quantityHint(analysis: Analysis, name: string, start: number): InlayHint[] {
  const value = analysis.scope.quantity(name);
  const derivation = quantityDerivation(analysis, name);
  if (!value || !derivation) return [];
  const shown = display(analysis, value);
  // A literal already says its value: `dau = 100M users` needs no `= 100M users` beside it.
  if (derivation.source.replace(/\s+/g, ' ') === shown) return [];
  const lines = [derivation.source, derivation.substituted && `= ${derivation.substituted}`, derivation.result].filter((l): l is string => !!l);
  return [hint(analysis, start, 'quantity', [{ text: '= ' }, { text: shown }], `\`\`\`text\n${lines.join('\n')}\n\`\`\``)];
}

function loadHint(analysis: Analysis, component: Component): InlayHint[] {
  const numbers = analysis.load.components.get(component.id);
  if (numbers?.load === undefined) return [];
  const incoming = incomingOf(analysis, component.id);
  const rateSpan = component.propSpans.get('rate');
  const origin = incoming.length === 0;
  const loadPart: HintPart = {
    text: `${origin ? '→' : '←'} ${showRate(analysis, numbers.load)}`,
    target: origin ? inputTarget(analysis, rateSpan) : incoming[0]!.edge.span,
  };
  const parts: HintPart[] = [loadPart];
  if (numbers.utilisation !== undefined && numbers.capacity !== undefined) {
    const capacityTarget = numbers.capacitySource === 'prop' ? inputTarget(analysis, component.propSpans.get('capacity')) : numbers.capacitySource === 'assume' ? assumedCapacity(analysis, component) : undefined;
    parts.push({ text: ` · ${showPercent(numbers.utilisation)}` }, { text: ' of ' }, { text: showRate(analysis, numbers.capacity), target: capacityTarget ?? component.propSpans.get('replicas') });
  }
  const tooltip = `\`${component.id}\`\n\n${markdownList(componentLines(analysis, component))}`;
  return [hint(analysis, component.span.start, 'load', fit(parts, 2), tooltip)];
}

function bandwidthHint(analysis: Analysis, edge: Edge, load: EdgeLoad | undefined): InlayHint[] {
  if (load?.bandwidth === undefined || load.load === undefined) return [];
  const size = quantityOf(edge.props.get('size'))!;
  const at = statementAt(analysis, edge.statementSpan.start);
  const hops = analysis.graph.edges.filter((e) => e.statementSpan.start === edge.statementSpan.start).length;
  const parts: HintPart[] = [
    ...(hops > 1 ? [{ text: `${edge.to}: ` }] : []),
    { text: showRate(analysis, load.load), target: edge.span },
    { text: ' × ' },
    { text: showData(analysis, size), target: inputTarget(analysis, at && propSpan(at, 'size')) },
    { text: ` = ${showBandwidth(analysis, load.bandwidth)}` },
  ];
  const tooltip = markdownList([edgeLine(analysis, edge, load), `bandwidth: ${showRate(analysis, load.load)} × ${showData(analysis, size)} = ${showBandwidth(analysis, load.bandwidth)}`]);
  const label = parts.map((p) => p.text).join('');
  return [hint(analysis, edge.statementSpan.start, 'bandwidth', label.length <= MAX_DISPLAY_LENGTH ? parts : [{ text: `= ${showBandwidth(analysis, load.bandwidth)}` }], tooltip)];
}

/** Where a part should jump: a value that is just a quantity's name jumps to that quantity's definition. */
function inputTarget(analysis: Analysis, span: Span | undefined): Span | undefined {
  if (!span) return undefined;
  const { text, base } = sourceAt(analysis, span.start, span.end);
  const definition = analysis.binding.definitions.get(text.slice(span.start - base, span.end - base));
  return definition?.kind === 'quantity' ? { start: definition.start, end: definition.end } : span;
}

function hint(analysis: Analysis, statementStart: number, kind: InlayHint['kind'], parts: readonly HintPart[], tooltip: string): InlayHint {
  const { text, base } = sourceAt(analysis, statementStart, statementStart);
  return { offset: base + trimmedLineEndOf(text, statementStart - base), kind, label: parts.map((p) => p.text).join(''), parts, tooltip };
}

/** Drops trailing parts (but keeps `keep`) until the label fits in 40 characters. */
function fit(parts: HintPart[], keep: number): HintPart[] {
  let kept = parts;
  while (kept.length > keep && kept.map((p) => p.text).join('').length > MAX_DISPLAY_LENGTH) kept = kept.slice(0, kept.length === 4 ? 2 : -1);
  return kept;
}

function propSpan(at: StatementAt, key: string): Span | undefined {
  const statement = at.statement;
  if (statement.kind !== 'connection' && statement.kind !== 'component') return undefined;
  const prop = statement.props.find((p) => p.key.text === key);
  const node = prop?.value ?? prop?.key;
  return node && { start: at.base + node.start, end: at.base + node.end };
}

function assumedCapacity(analysis: Analysis, component: Component): Span | undefined {
  const kind = component.kindDef?.kind;
  const located = analysis.binding.assumptions.find((a) => a.statement.key.length === 2 && a.statement.key[1]!.text === 'capacity' && findKind(a.statement.key[0]!.text)?.kind === kind);
  return located && { start: located.base + located.statement.start, end: located.base + located.statement.end };
}
