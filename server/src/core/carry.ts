/**
 * What an editor's analyses carry from one version of a document to the next, by syntax node.
 *
 * The parse cache keeps the syntax of a fence whose text did not change, so later stages can keep
 * what they built from it and take it again: the value of a literal, a statement's definition and
 * the names its expressions use, a component or connection. A thing built from a statement is the
 * same again when nothing else it was built from can differ: the same place (the fence's index and
 * offset, the enclosing group) and, for components and connections, property values that are
 * literals (no name or member whose value may have changed), no `assume` that fills or converts
 * them, and nothing reported while building it (a problem is reported on every analysis). Each
 * stage checks its own conditions. Entries go with their syntax; a lint, which has no parse
 * cache, carries nothing.
 */

import type { Component, Edge } from './graph/build';
import type { Definition } from './model/bind';
import type { Expr, Stmt } from './syntax/tree';
import { walkExpr } from './syntax/tree';
import type { Quantity } from './units/quantity';

interface Placed<T> {
  readonly fence: number;
  readonly base: number;
  readonly group: string | undefined;
  readonly value: T;
}

export interface Carried {
  /** Values of literals with units, read while no unit is overridden (model/expr.ts). */
  readonly literals: WeakMap<Expr, Quantity>;
  /** The names an expression uses as values (model/bind.ts). */
  readonly uses: WeakMap<Expr, readonly string[]>;
  /** The definition a statement made (model/bind.ts). */
  readonly definitions: WeakMap<Stmt, Placed<Definition>>;
  /** The component a statement declared, and the connections (hop by hop) one drew (graph/build.ts). */
  readonly components: WeakMap<Stmt, Placed<Component>>;
  readonly connections: WeakMap<Stmt, Placed<readonly Edge[]>>;
}

export function createCarried(): Carried {
  return { literals: new WeakMap(), uses: new WeakMap(), definitions: new WeakMap(), components: new WeakMap(), connections: new WeakMap() };
}

/** What `statement` made last time, if it was kept and made at the same place. */
export function takeAt<T>(map: WeakMap<Stmt, Placed<T>>, statement: Stmt, fence: number, base: number, group: string | undefined): T | undefined {
  const entry = map.get(statement);
  return entry && entry.fence === fence && entry.base === base && entry.group === group ? entry.value : undefined;
}

/** Keeps what `statement` made at this place (the caller checks that it may be kept). */
export function keepAt<T>(map: WeakMap<Stmt, Placed<T>>, statement: Stmt, fence: number, base: number, group: string | undefined, value: T): void {
  map.set(statement, { fence, base, group, value });
}

/** An expression whose value is the same in every analysis: no name, no member. */
export function isLiteral(expr: Expr): boolean {
  let literal = true;
  walkExpr(expr, (node) => {
    if (node.kind === 'name' || node.kind === 'member') literal = false;
  });
  return literal;
}
