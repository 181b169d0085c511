/**
 * Binding: every fence's statements → one document scope. All fences of a document share it and
 * order does not matter, like a spreadsheet. Quantities, components, groups and flows share one
 * namespace, so `redis` means one thing wherever it is written. Spans here are document offsets.
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Fence } from '../text/fences';
import type { ParseResult } from '../syntax/parser';
import { walkExpr, type Expr, type Stmt, type Word } from '../syntax/tree';
import { findUnit, isReservedName } from '../units/table';

export interface ParsedFence {
  readonly fence: Fence;
  readonly parse: ParseResult;
}

export type DefinitionKind = 'quantity' | 'component' | 'group' | 'flow';

export interface Definition {
  readonly name: string;
  readonly kind: DefinitionKind;
  /** Index of the fence in the document's fence list. */
  readonly fence: number;
  /** Document offsets of the defining name. */
  readonly start: number;
  readonly end: number;
  readonly statement: Stmt;
  /** The innermost group holding a component, if any. */
  readonly group?: string;
  /** For a quantity: the names its expression uses, for evaluating in dependency order. */
  readonly uses?: readonly string[];
}

export interface Reference {
  readonly name: string;
  readonly fence: number;
  readonly start: number;
  readonly end: number;
  /** `value`: a name in an expression; `component`: a connection end or member object. */
  readonly role: 'value' | 'component';
}

/** A statement with the fence it came from, for stages that need both. */
export interface Located<T extends Stmt = Stmt> {
  readonly fence: number;
  /** The fence's contentStart: add it to the statement's spans for document offsets. */
  readonly base: number;
  readonly statement: T;
}

export interface Binding {
  readonly fences: readonly ParsedFence[];
  /** Name → its first definition (later ones are reported as duplicates). */
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly references: readonly Reference[];
  readonly assumptions: readonly Located<Extract<Stmt, { kind: 'assume' }>>[];
  readonly asserts: readonly Located<Extract<Stmt, { kind: 'assert' }>>[];
  readonly diagnostics: readonly Diagnostic[];
}

export function bind(fences: readonly ParsedFence[]): Binding {
  const definitions = new Map<string, Definition>();
  const references: Reference[] = [];
  const assumptions: Located<Extract<Stmt, { kind: 'assume' }>>[] = [];
  const asserts: Located<Extract<Stmt, { kind: 'assert' }>>[] = [];
  const diagnostics: Diagnostic[] = [];

  const define = (kind: DefinitionKind, word: Word, fence: number, base: number, statement: Stmt, group?: string, uses?: readonly string[]) => {
    const start = base + word.start;
    const end = base + word.end;
    if (isReservedName(word.text)) {
      diagnostics.push(
        diagnostic('reservedUnitName', start, end, `\`${word.text}\` is a unit name and cannot be redefined; rename it${findUnit(word.text)!.of !== undefined ? `, or write \`assume ${word.text} = …\` to change the unit itself` : ''}.`),
      );
      return;
    }
    const existing = definitions.get(word.text);
    if (existing) {
      diagnostics.push(
        diagnostic('duplicateName', start, end, `\`${word.text}\` is already defined as a ${existing.kind}; rename one of them.`, {
          related: [{ start: existing.start, end: existing.end, message: `first definition of \`${word.text}\`` }],
        }),
      );
      return;
    }
    definitions.set(word.text, { name: word.text, kind, fence, start, end, statement, group, uses });
  };

  /** Records the references of `expr` and returns the names it uses as values. */
  const referenceExpr = (expr: Expr, fence: number, base: number): string[] => {
    const uses: string[] = [];
    walkExpr(expr, (node) => {
      if (node.kind === 'name') {
        uses.push(node.name);
        references.push({ name: node.name, fence, start: base + node.start, end: base + node.end, role: 'value' });
      }
      else if (node.kind === 'member') {
        const { object } = node;
        references.push({ name: object.text, fence, start: base + object.start, end: base + object.end, role: 'component' });
      }
    });
    return uses;
  };

  const visit = (statements: readonly Stmt[], fence: number, base: number, group: string | undefined) => {
    for (const statement of statements) {
      switch (statement.kind) {
        case 'quantity':
          define('quantity', statement.name, fence, base, statement, undefined, referenceExpr(statement.value, fence, base));
          break;
        case 'component':
          define('component', statement.id, fence, base, statement, group);
          for (const prop of statement.props) if (prop.value) referenceExpr(prop.value, fence, base);
          break;
        case 'connection':
          for (const node of statement.nodes) references.push({ name: node.text, fence, start: base + node.start, end: base + node.end, role: 'component' });
          for (const prop of statement.props) if (prop.value) referenceExpr(prop.value, fence, base);
          break;
        case 'group':
          define('group', statement.id, fence, base, statement, group);
          visit(statement.body, fence, base, statement.id.text);
          break;
        case 'flow':
          define('flow', statement.id, fence, base, statement);
          visit(statement.body, fence, base, group);
          break;
        case 'assume':
          assumptions.push({ fence, base, statement });
          referenceExpr(statement.value, fence, base);
          break;
        case 'assert':
          asserts.push({ fence, base, statement });
          referenceExpr(statement.condition, fence, base);
          break;
        case 'error':
          break;
      }
    }
  };

  fences.forEach((parsed, index) => visit(parsed.parse.statements, index, parsed.fence.contentStart, undefined));
  return { fences, definitions, references, assumptions, asserts, diagnostics };
}
