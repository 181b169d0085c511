/**
 * Completion. The context comes from the tokens before the cursor: the `{` blocks still open (a
 * group, a flow, a component's or a connection's props) from the parsed fence, and the current line
 * lexed up to the cursor, since that is the text being typed and may not parse yet.
 */

import type { Analysis } from '../analysis';
import { componentMembers } from '../graph/members';
import { connectionProps, findKind, kinds, type PropDef } from '../model/catalogue';
import { functions } from '../model/expr';
import { lex, type Token } from '../syntax/lexer';
import { magnitudes, unitDefs } from '../units/table';
import { display, showRate } from './derivation';
import { keywordDocs } from './keywords';
import { lineStartOf } from './text';
import { fenceAt } from './words';

export type CompletionKind = 'keyword' | 'kind' | 'quantity' | 'component' | 'property' | 'value' | 'unit' | 'function' | 'member' | 'assumption';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text inserted in place of the word being typed; the label when absent. */
  readonly insertText?: string;
  readonly sortText?: string;
}

export interface CompletionResult {
  /** The word being typed, which an item replaces (empty at the cursor when none). */
  readonly start: number;
  readonly end: number;
  readonly items: readonly CompletionItem[];
}

/** What a `{` opened. */
type Block = { readonly type: 'group' | 'flow' } | { readonly type: 'props'; readonly props: readonly PropDef[]; readonly open: number };

const arrows = new Set(['->', '~>', '-->']);
const expressionStarts = new Set(['=', '+', '-', '*', '/', '^', '(', ',', '<', '<=', '>', '>=', '==', '!=', '[']);

export function completions(analysis: Analysis, offset: number): CompletionResult {
  const none = { start: offset, end: offset, items: [] };
  const fence = fenceAt(analysis, offset);
  if (fence === undefined) return none;
  const parsed = analysis.fences[fence]!;
  const base = parsed.fence.contentStart;
  const text = parsed.fence.text;
  const relative = offset - base;
  const lineStart = lineStartOf(text, relative);
  const line = lex(text.slice(lineStart, relative))
    .filter((t) => t.kind !== 'eof')
    .map((t) => ({ ...t, start: t.start + lineStart, end: t.end + lineStart }));
  // Tokens of earlier lines come from the parse (the last is the line break before this line).
  const blocks = openBlocks([...parsed.parse.tokens.filter((t) => t.end <= lineStart), ...line]);

  const last = line[line.length - 1];
  if (last && last.end === relative && (last.kind === 'comment' || last.kind === 'label' || (last.kind === 'string' && !last.closed))) return none;
  const typing = last && last.end === relative && last.kind === 'ident' ? last : undefined;
  const before = typing ? line.slice(0, -1) : line;
  // What is typed against a number (`30B`, `5K`) reads differently from what is typed apart (`30 B`).
  const previous = before[before.length - 1];
  const againstNumber = previous?.kind === 'number' && (typing ? typing.attached : previous.end === relative);
  const result = (items: CompletionItem[]) => ({ start: base + (typing?.start ?? relative), end: offset, items });
  return result(itemsFor(analysis, before, blocks, againstNumber, text));
}

function itemsFor(analysis: Analysis, before: readonly Token[], blocks: readonly Block[], againstNumber: boolean, text: string): CompletionItem[] {
  const previous = before[before.length - 1];
  const block = blocks[blocks.length - 1];
  // Tokens of the current statement or prop: after the last `{` or `,` of a props block.
  const itemStart = block?.type === 'props' ? lastIndex(before, (t) => t.kind === 'punct' && (t.text === '{' || t.text === ',')) + 1 : 0;
  const item = before.slice(itemStart);

  if (previous?.kind === 'punct' && previous.text === '.' && before.length >= 2 && before[before.length - 2]!.kind === 'ident') {
    const object = before[before.length - 2]!.text;
    if (before[0]?.text === 'assume') return assumableProps(object);
    return members(analysis, object);
  }
  if (previous?.kind === 'punct' && arrows.has(previous.text)) return componentIds(analysis);
  if (before.length === 1 && previous?.text === 'assume') return assumables(analysis);
  if (previous?.kind === 'number' || (previous?.kind === 'punct' && previous.text === '/' && previous.attached && inUnitPhrase(before))) {
    return units(againstNumber);
  }
  if (block?.type === 'props') {
    if (item.length === 0) return propKeys(block.props, writtenProps(block, text));
    const key = item[0]!;
    if (key.kind === 'ident' && item[1]?.text === ':') {
      const def = block.props.find((p) => p.name === key.text);
      if (def?.type.type === 'word' || def?.type.type === 'tags') return item.length === 2 ? (def.type.type === 'word' ? (def.type.values ?? []) : []).map((value) => ({ label: value, kind: 'value' as const, detail: def.name })) : [];
      return expression(analysis);
    }
    return [];
  }
  if (before.length === 0) return block?.type === 'flow' ? componentIds(analysis) : statementStarts(analysis);
  if (previous && ((previous.kind === 'punct' && expressionStarts.has(previous.text)) || (previous.kind === 'ident' && (previous.text === 'assert' || previous.text === 'per')))) {
    return expression(analysis);
  }
  return [];
}

/** The blocks still open after `tokens`; a `{` is classified by the tokens before it on its line. */
function openBlocks(tokens: readonly Token[]): Block[] {
  const blocks: Block[] = [];
  let lineTokens: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'newline') {
      lineTokens = [];
      continue;
    }
    if (token.kind === 'punct' && token.text === '{') blocks.push(classify(lineTokens, token));
    else if (token.kind === 'punct' && token.text === '}') blocks.pop();
    if (token.kind !== 'comment') lineTokens.push(token);
  }
  return blocks;
}

function classify(lineTokens: readonly Token[], open: Token): Block {
  const first = lineTokens[0];
  if (first?.kind === 'ident' && (first.text === 'group' || first.text === 'flow') && lineTokens[1]?.kind === 'ident') return { type: first.text };
  if (lineTokens.some((t) => t.kind === 'punct' && arrows.has(t.text))) return { type: 'props', props: connectionProps, open: open.start };
  const kindDef = first?.kind === 'ident' ? findKind(first.text) : undefined;
  return { type: 'props', props: kindDef?.props ?? [], open: open.start };
}

/** Keys already written in the props block (all of it, after the cursor too), from the fence text. */
function writtenProps(block: Extract<Block, { type: 'props' }>, text: string): Set<string> {
  let depth = 0;
  let end = block.open;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  const written = new Set<string>();
  for (const match of text.slice(block.open + 1, end).matchAll(/(?:^|[{,\n])\s*([\p{L}_][\p{L}\p{N}_]*)\s*(?=[:,}\n]|$)/gu)) written.add(match[1]!);
  return written;
}

function statementStarts(analysis: Analysis): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const def of kinds) {
    items.push({ label: def.kind, kind: 'kind', detail: 'component kind', documentation: def.doc, insertText: `${def.kind} `, sortText: `1${def.kind}` });
    for (const alias of def.aliases) items.push({ label: alias, kind: 'kind', detail: `component kind: alias of ${def.kind}`, documentation: def.doc, insertText: `${alias} `, sortText: `1${alias}` });
  }
  for (const [keyword, doc] of Object.entries(keywordDocs)) {
    if (keyword !== 'per') items.push({ label: keyword, kind: 'keyword', documentation: doc, insertText: `${keyword} `, sortText: `2${keyword}` });
  }
  return [...items, ...quantityNames(analysis, '3'), ...componentIds(analysis, '4')];
}

function expression(analysis: Analysis): CompletionItem[] {
  const fns = Object.entries(functions).map(([name, fn]): CompletionItem => ({ label: name, kind: 'function', detail: `${name}(…)`, documentation: fn.doc, insertText: `${name}(`, sortText: `3${name}` }));
  return [...quantityNames(analysis, '1'), ...componentIds(analysis, '2'), ...fns];
}

function quantityNames(analysis: Analysis, rank: string): CompletionItem[] {
  return analysis.quantities.map((q) => ({ label: q.name, kind: 'quantity', detail: q.display ?? 'no value', sortText: `${rank}${q.name}` }));
}

function componentIds(analysis: Analysis, rank = '1'): CompletionItem[] {
  return [...analysis.graph.components.values()].map((c) => {
    const load = analysis.load.components.get(c.id)?.load;
    const detail = [c.kindDef?.kind ?? 'component', c.label && `"${c.label}"`, load !== undefined && `← ${showRate(analysis, load)}`].filter(Boolean).join(' ');
    return { label: c.id, kind: 'component', detail, sortText: `${rank}${c.id}` };
  });
}

function members(analysis: Analysis, object: string): CompletionItem[] {
  if (!analysis.graph.components.has(object)) return [];
  return Object.entries(componentMembers).map(([name, doc]) => {
    const value = analysis.scope.evaluate({ kind: 'member', start: 0, end: 0, object: { text: object, start: 0, end: 0 }, property: { text: name, start: 0, end: 0 } }, 0, true);
    return { label: name, kind: 'member', detail: value ? display(analysis, value) : undefined, documentation: doc };
  });
}

function propKeys(props: readonly PropDef[], written: ReadonlySet<string>): CompletionItem[] {
  return props
    .filter((p) => !written.has(p.name))
    .map((p) => ({ label: p.name, kind: 'property', detail: p.type.type, documentation: p.doc, insertText: p.type.type === 'flag' ? p.name : `${p.name}: ` }));
}

function units(attached: boolean): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [name, magnitude] of Object.entries(magnitudes)) {
    if (name === 'k' || (name === 'B' && !attached)) continue;
    items.push({ label: name, kind: 'unit', detail: `magnitude: ${magnitude.description}${name === 'B' ? ' (write `30 B`, with a space, for bytes)' : ''}`, sortText: `0${name}` });
  }
  for (const unit of unitDefs) {
    for (const name of unit.names) {
      if (attached && name === 'B') continue;
      items.push({ label: name, kind: 'unit', detail: unit.description, sortText: `1${name}` });
    }
  }
  return items;
}

/** `assume` takes a derived unit (day, year, KB …) or a kind default (`service.capacity`). */
function assumables(analysis: Analysis): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const unit of unitDefs) {
    if (unit.of === undefined) continue;
    const name = unit.names[0]!;
    const current = analysis.scope.overrides.get(name);
    items.push({ label: name, kind: 'assumption', detail: unit.description + (current !== undefined ? ' (assumed)' : ''), insertText: `${name} = `, sortText: `0${name}` });
  }
  for (const def of kinds) {
    for (const prop of def.props) {
      if (['word', 'tags', 'flag'].includes(prop.type.type)) continue;
      items.push({ label: `${def.kind}.${prop.name}`, kind: 'assumption', detail: `default ${prop.name} of every ${def.kind}`, documentation: prop.doc, insertText: `${def.kind}.${prop.name} = `, sortText: `1${def.kind}.${prop.name}` });
    }
  }
  return items;
}

function assumableProps(kindName: string): CompletionItem[] {
  const def = findKind(kindName);
  if (!def) return [];
  return def.props
    .filter((p) => !['word', 'tags', 'flag'].includes(p.type.type))
    .map((p) => ({ label: p.name, kind: 'property', detail: `default ${p.name} of every ${def.kind}`, documentation: p.doc, insertText: `${p.name} = ` }));
}

/** True when the `/` ending `before` continues a unit phrase after a number (`5 req/`). */
function inUnitPhrase(before: readonly Token[]): boolean {
  let i = before.length - 2;
  while (i >= 0 && (before[i]!.kind === 'ident' || (before[i]!.kind === 'punct' && before[i]!.text === '/' && before[i]!.attached))) i--;
  return i < before.length - 2 && before[i]?.kind === 'number';
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}
