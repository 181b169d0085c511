/**
 * Go to definition, find references and document highlights, across every fence of a document
 * (they share one scope). A component's references are its connection ends, flow steps and the
 * objects of members such as `lbs.load`.
 */

import type { Analysis } from '../analysis';
import { findUnit } from '../units/table';
import { referencesIn } from './memo';
import { wordAt, type LocatedWord } from './words';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Occurrence extends Span {
  /** `definition` for the defining name (a write), `reference` for a use (a read). */
  readonly kind: 'definition' | 'reference';
}

/** The name under the cursor when it is a quantity, component, group or flow name (defined or not). */
export function nameAt(analysis: Analysis, offset: number): LocatedWord | undefined {
  const word = wordAt(analysis, offset);
  if (!word) return undefined;
  if (word.role.role === 'definition') return word;
  if (word.role.role !== 'reference') return undefined;
  if (!analysis.binding.definitions.has(word.text) && findUnit(word.text)) return undefined;
  return word;
}

/**
 * Every occurrence of `name`: its definition, any duplicate definitions (so a rename keeps them
 * duplicates of each other), and its references, in document order.
 */
export function occurrences(analysis: Analysis, name: string): Occurrence[] {
  const found: Occurrence[] = [];
  const definition = analysis.binding.definitions.get(name);
  if (definition) found.push({ start: definition.start, end: definition.end, kind: 'definition' });
  for (const d of analysis.diagnostics) {
    if (d.code === 'N102' && analysis.text.slice(d.start, d.end) === name) found.push({ start: d.start, end: d.end, kind: 'definition' });
  }
  for (const reference of referencesIn(analysis)) {
    if (reference.name === name) found.push({ start: reference.start, end: reference.end, kind: 'reference' });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Where the thing under the cursor is defined: a name's definition; for `lbs.capacity` the
 * `capacity` property of `lbs`; for a unit changed by `assume`, that assumption.
 */
export function definition(analysis: Analysis, offset: number): Span[] {
  const word = wordAt(analysis, offset);
  if (!word) return [];
  if (word.role.role === 'member') {
    const component = analysis.graph.components.get(word.role.object);
    const prop = component?.propSpans.get(word.text);
    return prop ? [prop] : component ? [component.idSpan] : [];
  }
  if (word.role.role === 'unit' || (word.role.role === 'reference' && !analysis.binding.definitions.has(word.text))) {
    const canonical = findUnit(word.text)?.names[0];
    const assumption = analysis.binding.assumptions.find((a) => a.statement.key.length === 1 && findUnit(a.statement.key[0]!.text)?.names[0] === canonical);
    if (!canonical || !assumption) return [];
    const key = assumption.statement.key[0]!;
    return [{ start: assumption.base + key.start, end: assumption.base + key.end }];
  }
  if (word.role.role !== 'definition' && word.role.role !== 'reference') return [];
  const target = analysis.binding.definitions.get(word.text);
  return target ? [{ start: target.start, end: target.end }] : [];
}

/** Every use of the name under the cursor, with its definition when `includeDeclaration`. */
export function references(analysis: Analysis, offset: number, includeDeclaration: boolean): Span[] {
  const word = nameAt(analysis, offset);
  if (!word) return [];
  return occurrences(analysis, word.text)
    .filter((o) => includeDeclaration || o.kind === 'reference')
    .map(({ start, end }) => ({ start, end }));
}

/** The occurrences of the name under the cursor, definitions marked as writes. */
export function documentHighlights(analysis: Analysis, offset: number): Occurrence[] {
  const word = nameAt(analysis, offset);
  return word ? occurrences(analysis, word.text) : [];
}
