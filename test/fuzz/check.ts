/**
 * The hardening properties of the core pipeline, for ONE input: `checkDocument(text, language)`
 * runs `analyze` and every editor feature, the suppressions and both diagram emitters, and throws
 * (with a message naming the property) when
 *
 *   - anything throws;
 *   - a range (diagnostic, related information, fix edit, hover, completion, definition, reference,
 *     highlight, rename, code action edit, inlay hint and its click targets, symbol, semantic token,
 *     folding range, format edit, diagram and diagram node) is outside the document, reversed, or
 *     splits a surrogate pair;
 *   - the same input gives a different output the second time (everything above, deep-equal);
 *   - formatting is not idempotent, or changes a computed value (quantities, loads, bandwidths,
 *     asserts) or the set of diagnostic codes, or a format edit overlaps another;
 *   - a displayed value (quantity display, inlay hint, symbol detail, Mermaid load label, completion
 *     detail) is not a finite number: `NaN`, `Infinity`, `∞`, `not a number`.
 *
 * Used by the short run in the test suite (test/hardening-fuzz.test.ts) and the long run
 * (`npm run fuzz`, test/fuzz/run.ts). Pure: no I/O, so it runs in worker threads.
 */

import { isDeepStrictEqual } from 'node:util';
import { analyze, type Analysis, type Language } from '../../server/src/core/analysis';
import * as features from '../../server/src/core/features/index';
import { diagramsOf, documentDiagram } from '../../server/src/core/render/mermaid';
import { applySuppressions } from '../../server/src/core/suppressions';
import { formatExact } from '../../server/src/core/units/format';

export class PropertyFailure extends Error {
  constructor(
    readonly property: string,
    detail: string,
  ) {
    super(`${property}: ${detail}`);
  }
}

/** What units/format.ts shows for a value that is not finite, and what JavaScript would print. */
const NON_FINITE = /\bNaN\b|\bInfinity\b|∞|not a number/;
/** Messages may say that something "is not a number" (N203); they must not show one. */
const NON_FINITE_IN_MESSAGE = /\bNaN\b|\bInfinity\b|∞/;

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Every offset the features are asked about: a spread over the document, plus both ends, each
 * moved off the middle of a surrogate pair (an editor's position never splits a character).
 */
export function probeOffsets(text: string, count = 12): number[] {
  const step = Math.max(1, Math.floor(text.length / count));
  const offsets = new Set<number>([0, text.length]);
  for (let at = 0; at <= text.length; at += step) offsets.add(onBoundary(text, at) ? at : at + 1);
  return [...offsets].sort((a, b) => a - b);
}

/** Everything the pipeline produces for `text`, as plain data, with the ranges it contains listed. */
export function pipelineOutput(text: string, language: Language, options: { offsets?: readonly number[] } = {}) {
  const analysis = analyze(text, { language });
  return { analysis, output: outputOf(analysis, options.offsets ?? probeOffsets(text)) };
}

function outputOf(analysis: Analysis, offsets: readonly number[]) {
  const whole = { start: 0, end: analysis.text.length };
  const diagnostics = analysis.diagnostics;
  const perOffset = offsets.map((at) => {
    const prepared = features.prepareRename(analysis, at);
    return {
      at,
      hover: features.hover(analysis, at),
      completion: features.completions(analysis, at),
      definition: features.definition(analysis, at),
      references: features.references(analysis, at, true),
      referencesOnly: features.references(analysis, at, false),
      highlights: features.documentHighlights(analysis, at),
      prepareRename: prepared,
      rename: 'error' in prepared ? undefined : features.rename(analysis, at, 'renamed_name'),
      actions: features.codeActions(analysis, { start: at, end: at }),
    };
  });
  const middle = Math.floor(analysis.text.length / 2);
  return {
    diagnostics,
    suppressed: applySuppressions(analysis, diagnostics),
    quantities: analysis.quantities.map((q) => ({ name: q.name, display: q.display, exact: q.value ? formatExact(q.value) : undefined, value: q.value?.value })),
    loads: [...analysis.load.components].map(([id, c]) => ({ id, load: c.load, capacity: c.capacity, utilisation: c.utilisation })),
    edges: analysis.load.edges.map((e) => ({ load: e?.load, bandwidth: e?.bandwidth })),
    asserts: analysis.asserts.map((a) => a.holds),
    perOffset,
    actionsWhole: features.codeActions(analysis, whole),
    actionsPerDiagnostic: diagnostics.map((d) => features.codeActions(analysis, d)),
    hints: features.inlayHints(analysis, whole),
    hintsHalf: features.inlayHints(analysis, { start: middle, end: analysis.text.length }, { quantities: true, loads: true, bandwidth: true }),
    tokens: features.semanticTokens(analysis),
    tokensHalf: features.semanticTokens(analysis, { start: 0, end: middle }),
    folding: features.foldingRanges(analysis),
    symbols: features.documentSymbols(analysis),
    format: features.format(analysis),
    formatHalf: features.format(analysis, { start: middle, end: analysis.text.length }),
    diagrams: diagramsOf(analysis),
    whole: documentDiagram(analysis),
  };
}

type Output = ReturnType<typeof outputOf>;

/** Every [start, end) range in an output, with where it comes from. */
function rangesOf(output: Output, length: number): { where: string; range: Range }[] {
  const out: { where: string; range: Range }[] = [];
  const add = (where: string, range: Range | undefined) => range && out.push({ where, range });
  const edits = (where: string, list: readonly Range[] | undefined) => list?.forEach((e, i) => add(`${where}.edit[${i}]`, e));
  const diagnostic = (where: string, d: Output['diagnostics'][number]) => {
    add(where, d);
    d.related?.forEach((r, i) => add(`${where}.related[${i}]`, r));
    d.fixes?.forEach((f, i) => edits(`${where}.fix[${i}]`, f.edits));
  };
  output.diagnostics.forEach((d, i) => diagnostic(`diagnostic[${i}] ${d.code}`, d));
  output.suppressed.forEach((d, i) => diagnostic(`suppressed[${i}] ${d.code}`, d));
  for (const p of output.perOffset) {
    const at = `@${p.at}`;
    add(`hover${at}`, p.hover);
    add(`completion${at}`, p.completion);
    p.definition.forEach((s, i) => add(`definition${at}[${i}]`, s));
    p.references.forEach((s, i) => add(`references${at}[${i}]`, s));
    p.referencesOnly.forEach((s, i) => add(`referencesOnly${at}[${i}]`, s));
    p.highlights.forEach((s, i) => add(`highlight${at}[${i}]`, s));
    if (!('error' in p.prepareRename)) add(`prepareRename${at}`, p.prepareRename);
    if (p.rename && !('error' in p.rename)) edits(`rename${at}`, p.rename.edits);
    p.actions.forEach((a, i) => edits(`action${at}[${i}] ${a.title}`, a.edits));
  }
  output.actionsWhole.forEach((a, i) => edits(`actionWhole[${i}] ${a.title}`, a.edits));
  output.actionsPerDiagnostic.forEach((list, d) => list.forEach((a, i) => edits(`actionForDiagnostic[${d}][${i}] ${a.title}`, a.edits)));
  for (const [name, hints] of [['hint', output.hints], ['hintHalf', output.hintsHalf]] as const) {
    hints.forEach((h, i) => {
      add(`${name}[${i}]`, { start: h.offset, end: h.offset });
      h.parts.forEach((part, k) => add(`${name}[${i}].part[${k}]`, part.target));
    });
  }
  for (const [name, tokens] of [['token', output.tokens], ['tokenHalf', output.tokensHalf]] as const) {
    tokens.forEach((t, i) => add(`${name}[${i}] ${t.type}`, { start: t.start, end: t.start + t.length }));
  }
  output.folding.forEach((r, i) => add(`folding[${i}]`, r));
  const symbols = (list: readonly Output['symbols'][number][], where: string): void =>
    list.forEach((s, i) => {
      add(`${where}[${i}] ${s.name}`, s);
      add(`${where}[${i}] ${s.name} selection`, { start: s.selectionStart, end: s.selectionEnd });
      symbols(s.children, `${where}[${i}].children`);
    });
  symbols(output.symbols, 'symbol');
  edits('format', output.format);
  edits('formatHalf', output.formatHalf);
  for (const diagram of [...output.diagrams, ...(output.whole ? [output.whole] : [])]) {
    add(`diagram ${diagram.title}`, diagram);
    diagram.nodes.forEach((n, i) => add(`diagram ${diagram.title} node[${i}] ${n.id}`, n));
  }
  void length;
  return out;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether `offset` is a code-unit boundary that does not split a surrogate pair. */
export function onBoundary(text: string, offset: number): boolean {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return false;
  if (offset === 0 || offset === text.length) return true;
  return !(isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset)));
}

export function checkRanges(text: string, output: Output): void {
  for (const { where, range } of rangesOf(output, text.length)) {
    const { start, end } = range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
      throw new PropertyFailure('range inside the document', `${where} is [${start}, ${end}) in a document of ${text.length} code units`);
    }
    if (!onBoundary(text, start) || !onBoundary(text, end)) {
      throw new PropertyFailure('range on code point boundaries', `${where} [${start}, ${end}) splits a surrogate pair`);
    }
  }
  // Semantic tokens are in document order and never overlap (the LSP encoding needs it).
  for (const [name, tokens] of [['tokens', output.tokens], ['tokensHalf', output.tokensHalf]] as const) {
    for (let i = 1; i < tokens.length; i++) {
      if (tokens[i]!.start < tokens[i - 1]!.start + tokens[i - 1]!.length) {
        throw new PropertyFailure('semantic tokens in order, not overlapping', `${name}[${i}] at ${tokens[i]!.start} overlaps or precedes the one before (${tokens[i - 1]!.start}+${tokens[i - 1]!.length})`);
      }
    }
  }
  for (const [name, list] of [['format', output.format], ['formatHalf', output.formatHalf]] as const) checkDisjoint(name, list);
}

function checkDisjoint(name: string, edits: readonly Range[]): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new PropertyFailure('edits do not overlap', `${name}: [${sorted[i - 1]!.start}, ${sorted[i - 1]!.end}) and [${sorted[i]!.start}, ${sorted[i]!.end})`);
  }
}

export function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The computed values formatting must keep. */
function values(analysis: Analysis) {
  return {
    quantities: analysis.quantities.map((q) => `${q.name} = ${q.value ? formatExact(q.value) : '-'}`),
    loads: [...analysis.load.components].map(([id, c]) => `${id} ${c.load} ${c.capacity} ${c.utilisation}`),
    edges: analysis.load.edges.map((e) => `${e?.load} ${e?.bandwidth}`),
    asserts: analysis.asserts.map((a) => a.holds),
  };
}

export function checkFormatting(analysis: Analysis, edits: readonly { start: number; end: number; text: string }[]): void {
  const formatted = applyEdits(analysis.text, edits);
  if (formatted === analysis.text) return;
  const after = analyze(formatted, { language: analysis.language });
  const again = features.format(after);
  if (again.length > 0) {
    throw new PropertyFailure('formatting is idempotent', `formatting the formatted text changes it again: ${JSON.stringify(again.slice(0, 3))}\nformatted text: ${JSON.stringify(formatted)}`);
  }
  const before = values(analysis);
  const now = values(after);
  if (!isDeepStrictEqual(before, now)) throw new PropertyFailure('formatting keeps every value', `before ${JSON.stringify(before)}\nafter  ${JSON.stringify(now)}\nformatted text: ${JSON.stringify(formatted)}`);
  const codes = (a: Analysis) => [...new Set(a.diagnostics.map((d) => d.code))].sort();
  if (!isDeepStrictEqual(codes(analysis), codes(after))) {
    throw new PropertyFailure('formatting keeps the diagnostic codes', `before ${codes(analysis).join(' ')}; after ${codes(after).join(' ')}\nformatted text: ${JSON.stringify(formatted)}`);
  }
}

/** Displayed values are finite; text that echoes the design is checked only when the design has no such word. */
export function checkDisplays(text: string, output: Output): void {
  const shown: { where: string; text: string; message?: boolean }[] = [];
  for (const q of output.quantities) if (q.display !== undefined) shown.push({ where: `quantity ${q.name}`, text: q.display });
  for (const [name, hints] of [['hint', output.hints], ['hintHalf', output.hintsHalf]] as const) {
    for (const h of hints) shown.push({ where: `${name} ${h.kind} @${h.offset}`, text: h.parts.map((p) => p.text).join('') });
  }
  const echoes = !NON_FINITE.test(text);
  if (echoes) {
    for (const h of output.hints) shown.push({ where: `hint tooltip @${h.offset}`, text: h.tooltip });
    for (const d of output.diagnostics) shown.push({ where: `diagnostic ${d.code} message`, text: d.message, message: true });
    for (const p of output.perOffset) {
      if (p.hover) shown.push({ where: `hover @${p.at}`, text: p.hover.markdown });
      for (const item of p.completion.items) if (item.detail) shown.push({ where: `completion @${p.at} ${item.label}`, text: item.detail });
    }
    const details = (list: readonly Output['symbols'][number][]): void => list.forEach((s) => (shown.push({ where: `symbol ${s.name}`, text: s.detail }), details(s.children)));
    details(output.symbols);
    for (const diagram of [...output.diagrams, ...(output.whole ? [output.whole] : [])]) shown.push({ where: `diagram ${diagram.title}`, text: diagram.mermaid });
  }
  for (const { where, text: value, message } of shown) {
    if ((message ? NON_FINITE_IN_MESSAGE : NON_FINITE).test(value)) throw new PropertyFailure('no non-finite value is shown', `${where}: ${JSON.stringify(value.length > 300 ? `${value.slice(0, 300)}…` : value)}`);
  }
}

/** The whole property set for one input. Throws PropertyFailure (or whatever the pipeline threw). */
export function checkDocument(text: string, language: Language): void {
  let first: ReturnType<typeof pipelineOutput>;
  try {
    first = pipelineOutput(text, language);
  } catch (error) {
    throw new PropertyFailure('the pipeline never throws', error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  checkRanges(text, first.output);
  checkDisplays(text, first.output);
  const second = pipelineOutput(text, language).output;
  if (!isDeepStrictEqual(first.output, second)) throw new PropertyFailure('the same input gives the same output', firstDifference(first.output, second));
  try {
    checkFormatting(first.analysis, first.output.format);
  } catch (error) {
    if (error instanceof PropertyFailure) throw error;
    throw new PropertyFailure('the pipeline never throws', `on the formatted text: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function firstDifference(a: unknown, b: unknown, path = 'output'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${key}`);
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 300)} then ${JSON.stringify(b)?.slice(0, 300)}`;
}
