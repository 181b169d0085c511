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
import { exact } from '../util/exact';
import type { IndexedMap } from '../util/indexed-map';
import { joinFences } from './join';

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
  /** Name → its first definition (later ones are reported as duplicates), in document order. */
  readonly definitions: IndexedMap<Definition>;
  /** No name is defined twice: every definition statement is its name's definition. */
  readonly unique: boolean;
  /** The names used as values anywhere (in quantities, props, assumptions and asserts). */
  readonly usedAsValue: ReadonlySet<string>;
  /** Quantities' slots in `definitions`, each after the quantities it uses: evaluated in this order, recursion stays shallow. */
  readonly order: readonly number[];
  readonly assumptions: readonly Located<Extract<Stmt, { kind: 'assume' }>>[];
  readonly asserts: readonly Located<Extract<Stmt, { kind: 'assert' }>>[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What one fence binds on its own; duplicates across fences are found when the fences are joined. */
export interface FenceBinding {
  /** In document order; reserved names are left out (and reported). */
  readonly definitions: readonly Definition[];
  /** The names its expressions use as values. */
  readonly used: readonly string[];
  readonly assumptions: readonly Located<Extract<Stmt, { kind: 'assume' }>>[];
  readonly asserts: readonly Located<Extract<Stmt, { kind: 'assert' }>>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `carried`: what the document's previous analysis bound (`carry.ts`), taken again for a fence whose
 * parse and place are unchanged, and its join, taken again while the names stay (`join.ts`).
 */
export function bind(fences: readonly ParsedFence[], carried?: Carried): Binding {
  const owns = fences.map((parsed, index) => {
    const base = parsed.fence.contentStart;
    const kept = carried && takeAt(carried.fences, parsed.parse, index, base, movedBinding);
    if (kept) return kept;
    const own = bindFence(parsed.parse.statements, index, base);
    // A fence's diagnostics are made again with it, never shared between analyses.
    if (carried && own.diagnostics.length === 0) keepAt(carried.fences, parsed.parse, index, base, own);
    return own;
  });
  const joined = joinFences(owns, carried?.joined);
  if (carried) carried.joined = joined;
  const assumptions: Located<Extract<Stmt, { kind: 'assume' }>>[] = [];
  const asserts: Located<Extract<Stmt, { kind: 'assert' }>>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const own of owns) {
    for (const d of own.diagnostics) diagnostics.push(d);
    for (const located of own.assumptions) assumptions.push(located);
    for (const located of own.asserts) asserts.push(located);
  }
  for (const d of joined.duplicates) diagnostics.push(d);
  return { fences, definitions: joined.definitions, unique: joined.duplicates.length === 0, usedAsValue: joined.usedAsValue, order: joined.order, assumptions, asserts, diagnostics };
}

function bindFence(statements: readonly Stmt[], fence: number, base: number): FenceBinding {
  const definitions: Definition[] = [];
  const used = new Set<string>();
  const assumptions: Located<Extract<Stmt, { kind: 'assume' }>>[] = [];
  const asserts: Located<Extract<Stmt, { kind: 'assert' }>>[] = [];
  const diagnostics: Diagnostic[] = [];

  const define = (kind: DefinitionKind, word: Word, statement: Stmt, group?: string, uses?: readonly string[]) => {
    const start = base + word.start;
    const end = base + word.end;
    if (isReservedName(word.text)) {
      diagnostics.push(
        diagnostic('reservedUnitName', start, end, `\`${word.text}\` is a unit name and cannot be redefined; rename it${findUnit(word.text)!.of !== undefined ? `, or write \`assume ${word.text} = …\` to change the unit itself` : ''}.`),
      );
      return;
    }
    definitions.push({ name: word.text, kind, fence, start, end, statement, group, uses });
  };

  /** The names `expr` uses as values. */
  const valuesOf = (expr: Expr): string[] => {
    const uses: string[] = [];
    walkExpr(expr, (node) => {
      if (node.kind === 'name') {
        uses.push(node.name);
        used.add(node.name);
      }
    });
    return exact(uses);
  };

  const visit = (list: readonly Stmt[], group: string | undefined) => {
    for (const statement of list) {
      switch (statement.kind) {
        case 'quantity':
          define('quantity', statement.name, statement, undefined, valuesOf(statement.value));
          break;
        case 'component':
          define('component', statement.id, statement, group);
          for (const prop of statement.props) if (prop.value) valuesOf(prop.value);
          break;
        case 'connection':
          for (const prop of statement.props) if (prop.value) valuesOf(prop.value);
          break;
        case 'group':
          define('group', statement.id, statement, group);
          visit(statement.body, statement.id.text);
          break;
        case 'flow':
          define('flow', statement.id, statement);
          visit(statement.body, group);
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

  visit(statements, undefined);
  return { definitions: exact(definitions), used: [...used], assumptions: exact(assumptions), asserts: exact(asserts), diagnostics: exact(diagnostics) };
}

/** A fence's binding with its fence moved by `by` characters: the same definitions at their new offsets. */
function movedBinding(own: FenceBinding, by: number): FenceBinding {
  return {
    definitions: own.definitions.map((d) => ({ name: d.name, kind: d.kind, fence: d.fence, start: d.start + by, end: d.end + by, statement: d.statement, group: d.group, uses: d.uses })),
    used: own.used,
    assumptions: own.assumptions.map(({ fence, base, statement }) => ({ fence, base: base + by, statement })),
    asserts: own.asserts.map(({ fence, base, statement }) => ({ fence, base: base + by, statement })),
    diagnostics: own.diagnostics,
  };
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
