/**
 * Binding: every fence's statements → one document scope. All fences of a document share it and
 * order does not matter, like a spreadsheet. Quantities, components, groups and flows share one
 * namespace, so `redis` means one thing wherever it is written. Spans here are document offsets.
 */

import { keepAt, takeAt, type Carried } from '../carry';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Fence } from '../text/fences';
import type { ParseResult } from '../syntax/parser';
import { exprsOf, walkExpr, walkStatements, type Expr, type Stmt, type Word } from '../syntax/tree';
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
  /** The names used as values anywhere (in quantities, props, assumptions and asserts). */
  readonly usedAsValue: ReadonlySet<string>;
  readonly assumptions: readonly Located<Extract<Stmt, { kind: 'assume' }>>[];
  readonly asserts: readonly Located<Extract<Stmt, { kind: 'assert' }>>[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `carried`: what the document's previous analysis bound (`carry.ts`), taken again where unchanged. */
export function bind(fences: readonly ParsedFence[], carried?: Carried): Binding {
  const definitions = new Map<string, Definition>();
  const usedAsValue = new Set<string>();
  const assumptions: Located<Extract<Stmt, { kind: 'assume' }>>[] = [];
  const asserts: Located<Extract<Stmt, { kind: 'assert' }>>[] = [];
  const diagnostics: Diagnostic[] = [];

  const define = (kind: DefinitionKind, word: Word, fence: number, base: number, statement: Stmt, group?: string, uses?: readonly string[]) => {
    const known = carried && takeAt(carried.definitions, statement, fence, base, group);
    const start = base + word.start;
    const end = base + word.end;
    if (!known && isReservedName(word.text)) {
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
    if (known) {
      definitions.set(word.text, known);
      return;
    }
    const definition: Definition = { name: word.text, kind, fence, start, end, statement, group, uses };
    definitions.set(word.text, definition);
    if (carried) keepAt(carried.definitions, statement, fence, base, group, definition);
  };

  /** The names `expr` uses as values. */
  const valuesOf = (expr: Expr): readonly string[] => {
    let uses = carried?.uses.get(expr);
    if (!uses) {
      const found: string[] = [];
      walkExpr(expr, (node) => {
        if (node.kind === 'name') found.push(node.name);
      });
      carried?.uses.set(expr, found);
      uses = found;
    }
    for (const name of uses) usedAsValue.add(name);
    return uses;
  };

  const visit = (statements: readonly Stmt[], fence: number, base: number, group: string | undefined) => {
    for (const statement of statements) {
      switch (statement.kind) {
        case 'quantity':
          define('quantity', statement.name, fence, base, statement, undefined, valuesOf(statement.value));
          break;
        case 'component':
          define('component', statement.id, fence, base, statement, group);
          for (const prop of statement.props) if (prop.value) valuesOf(prop.value);
          break;
        case 'connection':
          for (const prop of statement.props) if (prop.value) valuesOf(prop.value);
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
          valuesOf(statement.value);
          break;
        case 'assert':
          asserts.push({ fence, base, statement });
          valuesOf(statement.condition);
          break;
        case 'error':
          break;
      }
    }
  };

  fences.forEach((parsed, index) => visit(parsed.parse.statements, index, parsed.fence.contentStart, undefined));
  return { fences, definitions, usedAsValue, assumptions, asserts, diagnostics };
}

/**
 * Every name used in the fences, in document order: values in expressions, components at
 * connection ends and before `.`. Requests need them, diagnostics do not: features build them once
 * per analysis (features/memo.ts).
 */
export function referencesOf(fences: readonly ParsedFence[]): Reference[] {
  const references: Reference[] = [];
  fences.forEach(({ parse, fence: { contentStart: base } }, fence) => {
    walkStatements(parse.statements, (statement) => {
      if (statement.kind === 'connection') {
        for (const node of statement.nodes) references.push({ name: node.text, fence, start: base + node.start, end: base + node.end, role: 'component' });
      }
      for (const expr of exprsOf(statement)) {
        walkExpr(expr, (node) => {
          if (node.kind === 'name') references.push({ name: node.name, fence, start: base + node.start, end: base + node.end, role: 'value' });
          else if (node.kind === 'member') references.push({ name: node.object.text, fence, start: base + node.object.start, end: base + node.object.end, role: 'component' });
        });
      }
    });
  });
  return references;
}
