/**
 * What each word of a statement is: the one classification that hover, navigation, rename,
 * semantic tokens and completion share. Spans are document offsets. A statement is classified on
 * demand (it is small), so nothing here is cached or grows with the document.
 */

import type { Analysis } from '../analysis';
import type { DefinitionKind, ParsedFence } from '../model/bind';
import { connectionProps, findKind, findProp, type PropDef } from '../model/catalogue';
import type { Expr, Prop, Stmt } from '../syntax/tree';
import { magnitudes } from '../units/table';
import { lastAtOrBefore } from '../util/search';

/** Whose property a key is: a component of some kind (`service`), or a connection. */
export type PropOwner = { readonly type: 'component'; readonly kind: string } | { readonly type: 'connection' };

export type WordRole =
  | { readonly role: 'keyword' }
  /** A component kind: `service` in `service lbs`, or `service` in `assume service.capacity`. */
  | { readonly role: 'kind' }
  /** The defining name of a quantity, component, group or flow. */
  | { readonly role: 'definition'; readonly of: DefinitionKind }
  /** A name used in an expression (`component` false) or as a component (connection end, `x.load`). */
  | { readonly role: 'reference'; readonly component: boolean }
  | { readonly role: 'prop'; readonly owner: PropOwner; readonly def: PropDef | undefined }
  /** A word value of a word-typed property: `postgres` in `engine: postgres`. */
  | { readonly role: 'value'; readonly key: string; readonly owner: PropOwner }
  /**
   * A unit term after a number (`KB`, `req`, `%`), or the unit named by `assume day = …`.
   * `magnitude` when it reads as a factor of the number (`K` in `5K`, `B` in `30B`).
   */
  | { readonly role: 'unit'; readonly magnitude?: boolean }
  /** `load` in `lbs.load`. */
  | { readonly role: 'member'; readonly object: string }
  | { readonly role: 'function' }
  | { readonly role: 'number' }
  | { readonly role: 'string' }
  /** The free-form label after `:` on a connection. */
  | { readonly role: 'label' }
  | { readonly role: 'operator' };

export interface ClassifiedWord {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly role: WordRole;
}

/** A classified word with the statement it belongs to. */
export type LocatedWord = ClassifiedWord & { readonly at: StatementAt };

/** A statement located in the document: its fence index and the base to add to its spans. */
export interface StatementAt {
  readonly fence: number;
  readonly base: number;
  readonly statement: Stmt;
  /** The group or flow statements enclosing it, outermost first. */
  readonly parents: readonly Stmt[];
}

/** The index of the fence whose content holds `offset` (ends inclusive); undefined outside fences. */
export function fenceAt(analysis: Analysis, offset: number): number | undefined {
  const fences = analysis.fences;
  const found = lastAtOrBefore(fences.length, (i) => fences[i]!.fence.contentStart, offset);
  if (found < 0 || offset > fences[found]!.fence.contentEnd) return undefined;
  return found;
}

/** The innermost statement whose span holds `offset` (ends inclusive); undefined between statements. */
export function statementAt(analysis: Analysis, offset: number): StatementAt | undefined {
  const fence = fenceAt(analysis, offset);
  if (fence === undefined) return undefined;
  const parsed = analysis.fences[fence]!;
  const base = parsed.fence.contentStart;
  const relative = offset - base;
  const parents: Stmt[] = [];
  let statements = parsed.parse.statements;
  for (;;) {
    const statement = statements.find((s) => s.start <= relative && relative <= s.end);
    if (!statement) return parents.length ? { fence, base, statement: parents.pop()!, parents } : undefined;
    if (statement.kind !== 'group' && statement.kind !== 'flow') return { fence, base, statement, parents };
    const inner = statement.body.find((s) => s.start <= relative && relative <= s.end);
    if (!inner) return { fence, base, statement, parents };
    parents.push(statement);
    statements = statement.body;
  }
}

/**
 * The classified word at `offset`: the word containing it, else the word ending exactly there
 * (a cursor just after a name still means that name).
 */
export function wordAt(analysis: Analysis, offset: number): LocatedWord | undefined {
  const at = statementAt(analysis, offset);
  if (!at) return undefined;
  const words = statementWords(analysis.fences[at.fence]!, at.statement);
  const inside = words.find((w) => w.start <= offset && offset < w.end) ?? words.find((w) => w.end === offset);
  return inside && { ...inside, at };
}

/** Every classified word of one statement (not of those inside a group or flow body), in document order. */
export function statementWords(parsed: ParsedFence, statement: Stmt): ClassifiedWord[] {
  const base = parsed.fence.contentStart;
  const text = parsed.fence.text;
  const words: ClassifiedWord[] = [];
  const add = (span: { start: number; end: number }, role: WordRole) => {
    if (span.end > span.start) words.push({ start: base + span.start, end: base + span.end, text: text.slice(span.start, span.end), role });
  };
  const keyword = (word: string) => add({ start: statement.start, end: statement.start + word.length }, { role: 'keyword' });

  switch (statement.kind) {
    case 'quantity':
      add(statement.name, { role: 'definition', of: 'quantity' });
      expressionWords(statement.value, text, add);
      break;
    case 'component': {
      add(statement.kindWord, { role: 'kind' });
      add(statement.id, { role: 'definition', of: 'component' });
      if (statement.label) add(statement.label, { role: 'string' });
      const kindDef = findKind(statement.kindWord.text);
      propWords(statement.props, kindDef?.props ?? [], { type: 'component', kind: kindDef?.kind ?? statement.kindWord.text }, text, add);
      break;
    }
    case 'connection':
      statement.nodes.forEach((node, index) => {
        add(node, { role: 'reference', component: true });
        const arrow = statement.arrows[index];
        if (arrow) add(arrow, { role: 'operator' });
      });
      if (statement.label) add(statement.label, { role: 'label' });
      propWords(statement.props, connectionProps, { type: 'connection' }, text, add);
      break;
    case 'group':
    case 'flow':
      keyword(statement.kind);
      add(statement.id, { role: 'definition', of: statement.kind });
      if (statement.label) add(statement.label, { role: 'string' });
      break;
    case 'assume': {
      keyword('assume');
      const [first, second] = statement.key;
      if (first && !second) add(first, { role: 'unit' });
      else if (first && second) {
        const kindDef = findKind(first.text);
        add(first, { role: 'kind' });
        add(second, { role: 'prop', owner: { type: 'component', kind: kindDef?.kind ?? first.text }, def: kindDef && findProp(kindDef.props, second.text) });
      }
      expressionWords(statement.value, text, add);
      break;
    }
    case 'assert':
      keyword('assert');
      expressionWords(statement.condition, text, add);
      break;
    case 'error':
      break;
  }
  return words.sort((a, b) => a.start - b.start);
}

type Add = (span: { start: number; end: number }, role: WordRole) => void;

function propWords(props: readonly Prop[], defs: readonly PropDef[], owner: PropOwner, text: string, add: Add): void {
  for (const prop of props) {
    const def = findProp(defs, prop.key.text);
    add(prop.key, { role: 'prop', owner, def });
    if (!prop.value) continue;
    const type = def?.type.type;
    if (type === 'word' || type === 'tags') {
      const items = prop.value.kind === 'list' ? prop.value.items : [prop.value];
      for (const item of items) add(item, item.kind === 'string' ? { role: 'string' } : { role: 'value', key: prop.key.text, owner });
    } else expressionWords(prop.value, text, add);
  }
}

/** The words of an expression. Not recursive through a generator: deep expressions stay cheap. */
function expressionWords(root: Expr, text: string, add: Add): void {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case 'number':
        add(node, { role: 'number' });
        break;
      case 'units':
        stack.push(node.inner);
        for (const term of node.units) add(term.word, { role: 'unit', magnitude: isMagnitude(term.word.text, term.attached) });
        break;
      case 'name':
        add(node, { role: 'reference', component: false });
        break;
      case 'member':
        add(node.object, { role: 'reference', component: true });
        add(node.property, { role: 'member', object: node.object.text });
        break;
      case 'call':
        add(node.callee, { role: 'function' });
        for (const arg of node.args) stack.push(arg);
        break;
      case 'unary':
        stack.push(node.operand);
        break;
      case 'binary':
        add(node.opSpan, text.slice(node.opSpan.start, node.opSpan.end) === 'per' ? { role: 'keyword' } : { role: 'operator' });
        stack.push(node.left, node.right);
        break;
      case 'paren':
        stack.push(node.inner);
        break;
      case 'list':
        for (const item of node.items) stack.push(item);
        break;
      case 'string':
        add(node, { role: 'string' });
        break;
      case 'missing':
        break;
    }
  }
}

/** The parser's reading (units/phrase.ts): `B` is billion only against the number; K, M, T always. */
function isMagnitude(text: string, attached: boolean): boolean {
  return magnitudes[text] !== undefined && (attached || text !== 'B');
}
