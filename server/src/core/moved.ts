/**
 * What a fence built, moved with the fence. Typing above a fence moves it (its offset, and its
 * index when a fence comes or goes) without changing its text, so its parse is kept; what binding
 * and the graph built from it holds document offsets, which move by the same amount. Moving those
 * values spares building them again: no walk of the statements, no evaluation of their props.
 * Values that hold no offset (props, words, reads) are shared, which also tells load propagation
 * that a moved component still has the same inputs (graph/load.ts).
 */

import type { FenceGraph } from './carry';
import type { Component, Edge, Flow, Group, Span } from './graph/build';
import type { Definition, FenceBinding, Located } from './model/bind';

export function moveBinding(own: FenceBinding, by: number, fence: number): FenceBinding {
  return {
    definitions: own.definitions.map((d): Definition => ({ ...d, fence, start: d.start + by, end: d.end + by })),
    used: own.used,
    assumptions: own.assumptions.map((l) => moveLocated(l, by, fence)),
    asserts: own.asserts.map((l) => moveLocated(l, by, fence)),
    diagnostics: own.diagnostics,
  };
}

function moveLocated<T extends Located>(located: T, by: number, fence: number): T {
  return { ...located, fence, base: located.base + by };
}

export function moveGraph(kept: FenceGraph, by: number, fence: number): FenceGraph {
  return {
    components: kept.components.map((c) => c && moveComponent(c, by, fence)),
    reads: kept.reads,
    connections: kept.connections.map((edges) => edges?.map((e) => moveEdge(e, by, fence))),
    flows: kept.flows.map((f) => f && moveFlow(f, by, fence)),
    ends: kept.ends,
    groups: kept.groups.map((g): Group => ({ ...g, fence, span: move(g.span, by), idSpan: move(g.idSpan, by) })),
    whole: kept.whole,
    endsDeclared: kept.endsDeclared,
  };
}

function moveComponent(c: Component, by: number, fence: number): Component {
  const propSpans = new Map<string, Span>();
  for (const [name, span] of c.propSpans) propSpans.set(name, move(span, by));
  return { ...c, fence, idSpan: move(c.idSpan, by), span: move(c.span, by), headerEnd: c.headerEnd + by, propSpans };
}

function moveEdge(e: Edge, by: number, fence: number): Edge {
  return { ...e, fence, span: move(e.span, by), statementSpan: move(e.statementSpan, by) };
}

function moveFlow(f: Flow, by: number, fence: number): Flow {
  return { ...f, fence, span: move(f.span, by), idSpan: move(f.idSpan, by), steps: f.steps.map((s) => ({ ...s, span: move(s.span, by) })) };
}

function move(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}
