/**
 * What an editor's analyses carry from one version of a document to the next.
 *
 * The parse cache keeps the syntax of a fence whose text did not change, so later stages can keep
 * what they built from it and take it again: the value of a literal (by its node), a quantity's
 * value while the values it uses are the same (by its statement), an assert's result on the same
 * terms, what a fence binds and what its statements built for the graph (by the fence's parse),
 * and the graph's indexes and load plan while its structure stays. What a fence built is the
 * same again when nothing else it was built from can differ: the same place (the fence's index
 * and offset) and, for a component or connection, property values that are literals (no name or
 * member whose value may have changed), no `assume` that fills or converts them, and nothing
 * reported while building it (a problem is reported on every analysis). At the same index but
 * another offset (text typed or deleted above the fence), a binding and a graph taken whole are
 * moved: copied with their offsets shifted, which keeps their values, props included, and so the
 * numbers load propagation computed from them. Each stage checks its own
 * conditions. The binding and the graph look up once per fence, not per statement: a `WeakMap`
 * lookup costs about as much as rebuilding a small value (bench/history.md). Entries go with their
 * syntax; a lint, which has no parse cache, carries nothing.
 */

import type { Component, Edge, Flow, Group } from './graph/build';
import type { LastChecks } from './check/carried';
import type { LastLoad, LoadPlan } from './graph/load';
import type { KeptAssert } from './model/asserts';
import type { FenceBinding } from './model/bind';
import type { Scope } from './model/scope';
import type { Evaluation } from './model/evaluation';
import type { Joined } from './model/join';
import type { CarriedResults } from './model/results';
import type { ParseResult } from './syntax/parser';
import type { Expr, Stmt, Word } from './syntax/tree';
import { walkExpr } from './syntax/tree';
import type { Quantity } from './units/quantity';

interface Placed<T> {
  readonly fence: number;
  /** Changed, with `value`, when what the fence made is moved (`takeAt`). */
  base: number;
  value: T;
}

export interface Carried {
  /** Values of literals with units, read while no unit is overridden (model/expr.ts). */
  readonly literals: WeakMap<Expr, Quantity>;
  /** A quantity's value and the values it was computed from, by its statement (model/scope.ts). */
  readonly values: WeakMap<Stmt, { readonly reads: Reads; readonly value: Quantity }>;
  /** What a fence binds on its own, by its parse (model/bind.ts). */
  readonly fences: WeakMap<ParseResult, Placed<FenceBinding>>;
  /** The last join of the fences' bindings (model/join.ts). */
  joined: Joined | undefined;
  /** The quantities' values by the join's slots (model/evaluation.ts). */
  evaluation: Evaluation | undefined;
  /** The quantities' results by the same slots (model/results.ts). */
  results: CarriedResults | undefined;
  /** What a fence's statements built, by its parse (graph/build.ts). */
  readonly graphs: WeakMap<ParseResult, Placed<FenceGraph>>;
  /** The last graph's structure and indexes (graph/build.ts). */
  structure: Structure | undefined;
  /** Load propagation's plan for a structure, by the graph's `outgoing` index (graph/load.ts). */
  readonly plans: WeakMap<object, LoadPlan>;
  /** The last propagation's numbers (graph/load.ts). */
  load: LastLoad | undefined;
  /** What the last checks found about each component and connection (check/carried.ts). */
  checks: LastChecks | undefined;
  /** What an assert gave, by its statement (model/asserts.ts). */
  readonly asserts: WeakMap<Stmt, KeptAssert>;
}

/** Which components there are and which connections join them, with the indexes built from that. */
export interface Structure {
  /** Each component's slot, by id, in the components' order. */
  readonly position: ReadonlyMap<string, number>;
  readonly outgoing: ReadonlyMap<string, readonly number[]>;
  readonly incoming: ReadonlyMap<string, readonly number[]>;
  /** The components and connections last built with it: the next graph compares with them, by identity first. */
  readonly components: readonly Component[];
  readonly edges: readonly Edge[];
}

/**
 * The components a fence's component statements declared, the connections (hop by hop) its
 * connection statements drew and its flows, each by the statement's order in the fence (every
 * statement of the kind takes its slot, so a slot always means the same statement); empty where
 * one may not be carried. Only this fence at this place writes to it.
 */
export interface FenceGraph {
  readonly components: (Component | undefined)[];
  /** By the same slots: the values a carried component's props read, where they read names. */
  readonly reads: (Reads | undefined)[];
  readonly connections: (readonly Edge[] | undefined)[];
  readonly flows: (Flow | undefined)[];
  /** The component names its connections and flow steps are written with. */
  ends: readonly Word[] | undefined;
  readonly groups: Group[];
  /** Every statement's slot is filled: the next graph takes the fence whole, without visiting its statements. */
  whole: boolean;
  /** Every end named a declared component, with the components' ids of the last graph. */
  endsDeclared: boolean;
}

export function createCarried(): Carried {
  return { literals: new WeakMap(), values: new WeakMap(), fences: new WeakMap(), joined: undefined, evaluation: undefined, results: undefined, graphs: new WeakMap(), structure: undefined, plans: new WeakMap(), load: undefined, checks: undefined, asserts: new WeakMap() };
}

/**
 * What `key` (a fence's parse) made last time, if it was kept and made at the same place. Made in
 * the same fence at another offset (text typed or deleted above it), it is moved by `move`, when
 * given, and kept at the new offset: what typing moves is copied, not built again.
 */
export function takeAt<K extends object, T>(map: WeakMap<K, Placed<T>>, key: K, fence: number, base: number, move?: (value: T, by: number) => T | undefined): T | undefined {
  const entry = map.get(key);
  if (!entry || entry.fence !== fence) return undefined;
  if (entry.base === base) return entry.value;
  const moved = move?.(entry.value, base - entry.base);
  // Updated in place: a `WeakMap` entry set anew for each of thousands of moved fences costs more than the move.
  if (moved !== undefined) {
    entry.base = base;
    entry.value = moved;
  }
  return moved;
}

/** Keeps what `key` made at this place (the caller checks that it may be kept). */
export function keepAt<K extends object, T>(map: WeakMap<K, Placed<T>>, key: K, fence: number, base: number, value: T): void {
  map.set(key, { fence, base, value });
}

/** The names an expression reads, added to `names`; undefined when it reads a component's member (the graph). */
export function namesRead(expr: Expr, names: string[]): string[] | undefined {
  let member = false;
  walkExpr(expr, (node) => {
    if (node.kind === 'name') names.push(node.name);
    else if (node.kind === 'member') member = true;
  });
  return member ? undefined : names;
}

/**
 * Names and the values they had: what was built from them is the same while they keep those very
 * values. With each name its slot in the join's index of that analysis (-1: not defined), so that
 * while an edit keeps the index (model/join.ts) the values are read by slot, without a lookup by
 * name: at 50K lines an edit checks thousands of reads.
 */
export interface Reads {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly slots: readonly number[];
  readonly values: readonly (Quantity | undefined)[];
}

type Reader = Pick<Scope, 'binding' | 'quantity' | 'quantityAt'>;

export function readsOf(names: readonly string[], scope: Reader): Reads {
  const { index } = scope.binding.definitions;
  const slots = names.map((name) => index.get(name) ?? -1);
  return { names, index, slots, values: slots.map((slot) => (slot < 0 ? undefined : scope.quantityAt(slot))) };
}

export function sameReads(reads: Reads | undefined, scope: Reader): boolean {
  if (!reads) return true;
  // The same index has the same names in the same slots: one not defined then is not defined now.
  if (reads.index === scope.binding.definitions.index) {
    for (let i = 0; i < reads.slots.length; i++) {
      const slot = reads.slots[i]!;
      if ((slot < 0 ? undefined : scope.quantityAt(slot)) !== reads.values[i]) return false;
    }
    return true;
  }
  for (let i = 0; i < reads.names.length; i++) if (scope.quantity(reads.names[i]!) !== reads.values[i]) return false;
  return true;
}
