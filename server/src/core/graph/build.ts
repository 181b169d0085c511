/**
 * The design graph: components with typed properties, connections hop by hop, groups and flows,
 * built from the binding. Property values are evaluated through the scope and checked against
 * the catalogue; load is added by `propagateLoad`.
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Prop, Stmt, Word } from '../syntax/tree';
import type { Quantity } from '../units/quantity';
import { didYouMean } from '../util/suggest';
import { didYouMeanFixes } from '../util/replace-fixes';
import { keepAt, namesRead, readsOf, sameReads, takeAt, type Carried, type FenceGraph, type Reads } from '../carry';
import type { Binding } from '../model/bind';
import { connectionProps, findKind, findProp, kindNames, type KindDef, type PropDef } from '../model/catalogue';
import type { Scope } from '../model/scope';
import { IndexedMap } from '../util/indexed-map';
import { indexes } from './indexes';
import { applyKindDefaults, checkProp } from './props';

/** A checked property value: a quantity, a word (`postgres`, `round-robin`), tags, or a flag. */
export type PropValue =
  | { readonly type: 'quantity'; readonly value: Quantity }
  | { readonly type: 'word'; readonly value: string }
  | { readonly type: 'tags'; readonly value: readonly string[] }
  | { readonly type: 'flag' };

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Component {
  readonly id: string;
  readonly kindDef: KindDef | undefined;
  readonly label: string | undefined;
  readonly group: string | undefined;
  readonly fence: number;
  /** The id as written (document offsets), and the whole statement. */
  readonly idSpan: Span;
  readonly span: Span;
  /** End of the id or label: where a `{ props }` block may start. */
  readonly headerEnd: number;
  readonly props: ReadonlyMap<string, PropValue>;
  /** Props filled from `assume KIND.PROP = …` rather than written on the component. */
  readonly defaulted: ReadonlySet<string>;
  /** Document offsets of each prop's value (or key, for flags): targets of quick fixes. */
  readonly propSpans: ReadonlyMap<string, Span>;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly async: boolean;
  readonly label: string | undefined;
  readonly fence: number;
  /** From the source id to the target id of this hop. */
  readonly span: Span;
  readonly statementSpan: Span;
  readonly props: ReadonlyMap<string, PropValue>;
}

export interface FlowStep {
  readonly from: string;
  readonly to: string;
  readonly reply: boolean;
  readonly async: boolean;
  readonly label: string | undefined;
  readonly span: Span;
}

export interface Flow {
  readonly id: string;
  readonly label: string | undefined;
  readonly fence: number;
  readonly span: Span;
  readonly idSpan: Span;
  readonly steps: readonly FlowStep[];
}

export interface Group {
  readonly id: string;
  readonly label: string | undefined;
  readonly parent: string | undefined;
  readonly fence: number;
  readonly span: Span;
  readonly idSpan: Span;
}

export interface DesignGraph {
  /** In declaration order. */
  readonly components: IndexedMap<Component>;
  readonly edges: readonly Edge[];
  /** Indexes into `edges` of the connections leaving and reaching each declared component. */
  readonly outgoing: ReadonlyMap<string, readonly number[]>;
  readonly incoming: ReadonlyMap<string, readonly number[]>;
  readonly flows: readonly Flow[];
  readonly groups: ReadonlyMap<string, Group>;
}

export function buildGraph(binding: Binding, scope: Scope, reportTo: (d: Diagnostic) => void, carried?: Carried): DesignGraph {
  // What a statement built can be carried over only when no assumption fills or converts values.
  const carry = !scope.hasKindDefaults && scope.overrides.size === 0 ? carried : undefined;
  // The current fence's record of what its statements built (by their order in the fence), when carrying.
  let kept: FenceGraph | undefined;
  let componentAt = 0, connectionAt = 0, flowAt = 0;
  let graphReports = 0;
  const report = (d: Diagnostic) => {
    graphReports++;
    reportTo(d);
  };
  // Problems found so far, here and while evaluating property values (which the scope reports).
  const reported = () => graphReports + scope.diagnostics.length;
  const components: Component[] = [];
  const edges: Edge[] = [];
  const flows: Flow[] = [];
  const groups = new Map<string, Group>();
  // Connection ends as written, by fence: only undeclared ones need a span.
  const ends: (readonly Word[])[] = new Array(binding.fences.length);
  const keptByFence: (FenceGraph | undefined)[] = new Array(binding.fences.length);
  let words: Word[] | undefined;

  // `owner`: the component's kind, whose defaults apply (none for a connection).
  const props = (list: readonly Prop[], defs: readonly PropDef[], base: number, fenceText: string, owner?: KindDef): CheckedProps => {
    // Most connections and many components have no props: they share one empty result.
    if (list.length === 0 && !(owner && scope.hasKindDefaults)) return noProps;
    const values = new Map<string, PropValue>();
    const spans = new Map<string, Span>();
    // The names the values read, if they can be carried over; worth knowing only while carrying.
    let reads: string[] | undefined = kept !== undefined ? [] : undefined;
    for (const prop of list) {
      const def = findProp(defs, prop.key.text);
      if (!def) {
        const keySpan = spanIn(prop.key, base);
        const known = defs.map((d) => d.name);
        report(diagnostic('unknownProp', keySpan.start, keySpan.end, `${owner === undefined ? 'A connection' : `A ${owner.kind}`} has no property \`${prop.key.text}\`; it takes ${known.join(', ')}.${didYouMean(prop.key.text, known)}`, { fixes: didYouMeanFixes(prop.key.text, keySpan.start, keySpan.end, known) }));
        continue;
      }
      if (values.has(def.name)) {
        report(diagnostic('propType', base + prop.key.start, base + prop.key.end, `\`${def.name}\` is given twice; keep one.`));
        continue;
      }
      // Words and tags are read from the text; only a computed value can change with the scope.
      if (reads && prop.value && def.type.type !== 'word' && def.type.type !== 'tags') reads = namesRead(prop.value, reads);
      const value = checkProp(prop, def, base, fenceText, scope, report);
      if (value) {
        values.set(def.name, value);
        spans.set(def.name, spanIn(prop.value ?? prop.key, base));
      }
    }
    const defaulted = owner && scope.hasKindDefaults ? applyKindDefaults(values, owner, scope) : noProps.defaulted;
    return { values, spans, defaulted, reads };
  };

  const visit = (statements: readonly Stmt[], fence: number, base: number, text: string, group: string | undefined, inFlow: Flow | undefined) => {
    for (const statement of statements) {
      switch (statement.kind) {
        case 'component': {
          // Every component statement takes its slot, whatever happens to it below.
          const at = componentAt++;
          const definition = binding.definitions.get(statement.id.text);
          const known = kept?.components[at];
          if (known && definition?.statement === statement && sameReads(kept!.reads[at], scope)) {
            components.push(known);
            break;
          }
          const span = spanIn(statement, base);
          const kindDef = findKind(statement.kindWord.text);
          if (!kindDef) {
            const { start, end } = statement.kindWord;
            report(diagnostic('unknownKind', base + start, base + end, `Unknown component kind \`${statement.kindWord.text}\`; kinds are ${kindNames.join(', ')}.${didYouMean(statement.kindWord.text, kindNames)}`, { fixes: didYouMeanFixes(statement.kindWord.text, base + start, base + end, kindNames) }));
          }
          if (definition?.statement !== statement) break; // a duplicate, already reported
          const before = reported();
          // With an unknown kind its props cannot be checked; N301 says what to fix first.
          const { values, spans, defaulted, reads } = kindDef ? props(statement.props, kindDef.props, base, text, kindDef) : noProps;
          if (values.has('stateless') && values.has('stateful')) {
            report(diagnostic('propType', span.start, span.end, `\`${statement.id.text}\` cannot be both stateless and stateful; keep one.`));
          }
          const component: Component = {
            id: statement.id.text,
            kindDef,
            label: statement.label?.value,
            group,
            fence,
            idSpan: spanIn(statement.id, base),
            span,
            headerEnd: base + (statement.label?.end ?? statement.id.end),
            props: values,
            defaulted,
            propSpans: spans,
          };
          components.push(component);
          if (kept) {
            const carried = kindDef !== undefined && reads !== undefined && reported() === before;
            kept.components[at] = carried ? component : undefined;
            kept.reads[at] = carried && reads.length > 0 ? readsOf(reads, scope) : undefined;
          }
          break;
        }
        case 'connection': {
          if (words) for (const node of statement.nodes) words.push(node);
          // A flow's steps take no slot: a carried flow's body is not visited.
          const at = inFlow ? -1 : connectionAt++;
          const known = at >= 0 ? kept?.connections[at] : undefined;
          if (known) {
            for (const edge of known) edges.push(edge);
            break;
          }
          const span = spanIn(statement, base);
          const before = reported();
          const first = edges.length;
          const { values, reads } = props(statement.props, connectionProps, base, text);
          if (values.has('share') && values.has('rate')) {
            report(diagnostic('propType', span.start, span.end, 'Give a connection either `share` or `rate`, not both.'));
          }
          for (let i = 0; i < statement.arrows.length; i++) {
            const from = statement.nodes[i]!;
            const to = statement.nodes[i + 1]!;
            const arrow = statement.arrows[i]!;
            const hop = { start: base + from.start, end: base + to.end };
            if (inFlow) {
              (inFlow.steps as FlowStep[]).push({ from: from.text, to: to.text, reply: arrow.op === '-->', async: arrow.op === '~>', label: statement.label?.value, span: hop });
              continue;
            }
            if (arrow.op === '-->') {
              report(diagnostic('syntax', base + arrow.start, base + arrow.end, '`-->` is a reply and belongs in a `flow`; outside flows use `->` (call) or `~>` (message).'));
              continue;
            }
            edges.push({ from: from.text, to: to.text, async: arrow.op === '~>', label: statement.label?.value, fence, span: hop, statementSpan: span, props: values });
          }
          if (kept && at >= 0) kept.connections[at] = reads?.length === 0 && reported() === before ? edges.slice(first) : undefined;
          break;
        }
        case 'group': {
          const declared: Group = { id: statement.id.text, label: statement.label?.value, parent: group, fence, span: spanIn(statement, base), idSpan: spanIn(statement.id, base) };
          groups.set(declared.id, declared);
          kept?.groups.push(declared);
          visit(statement.body, fence, base, text, statement.id.text, undefined);
          break;
        }
        case 'flow': {
          const at = flowAt++;
          const known = kept?.flows[at];
          if (known) {
            flows.push(known);
            break;
          }
          const before = reported();
          const flow: Flow = { id: statement.id.text, label: statement.label?.value, fence, span: spanIn(statement, base), idSpan: spanIn(statement.id, base), steps: [] };
          flows.push(flow);
          visit(statement.body, fence, base, text, group, flow);
          // Only steps inside: skipping the body next time skips no component's or connection's slot.
          if (kept) kept.flows[at] = reported() === before && statement.body.every((s) => s.kind === 'connection') ? flow : undefined;
          break;
        }
        case 'quantity':
        case 'assume':
        case 'assert':
        case 'error':
          break;
      }
    }
  };

  const previous = carried?.structure;
  binding.fences.forEach((parsed, index) => {
    const base = parsed.fence.contentStart;
    if (carry) {
      kept = takeAt(carry.graphs, parsed.parse, index, base, movedGraph);
      // With no name defined twice, every component statement of the fence is still its id's definition.
      if (kept?.whole && binding.unique && allSameReads(kept.reads, scope)) {
        for (const component of kept.components) components.push(component!);
        for (const connection of kept.connections) for (const edge of connection!) edges.push(edge);
        for (const flow of kept.flows) flows.push(flow!);
        for (const declared of kept.groups) groups.set(declared.id, declared);
        ends[index] = kept.ends!;
        keptByFence[index] = kept;
        return;
      }
      if (!kept) {
        kept = { components: [], reads: [], connections: [], flows: [], ends: undefined, groups: [], whole: false, endsDeclared: false };
        keepAt(carry.graphs, parsed.parse, index, base, kept);
      }
      kept.groups.length = 0;
    }
    componentAt = connectionAt = flowAt = 0;
    // The ends a fence names depend on its syntax alone: a carried fence has them already.
    words = kept?.ends ? undefined : [];
    visit(parsed.parse.statements, index, base, parsed.fence.text, undefined, undefined);
    if (kept) {
      if (words) kept.ends = words;
      kept.whole = filled(kept.components, componentAt) && filled(kept.connections, connectionAt) && filled(kept.flows, flowAt);
    }
    ends[index] = kept?.ends ?? words!;
    keptByFence[index] = kept;
  });
  const structure = indexes(components, edges, carried);
  const graph = { components: new IndexedMap(structure.position, components), edges, outgoing: structure.outgoing, incoming: structure.incoming, flows, groups };
  checkEnds(ends, keptByFence, binding, graph.components, structure.position === previous?.position, report);
  return graph;
}

/**
 * What a fence built, with the fence moved by `by` characters: the same components, connections,
 * flows and groups at their new offsets (built as `visit` builds them, so they keep one shape).
 * Only a fence taken whole is moved; another is visited again.
 */
function movedGraph(kept: FenceGraph, by: number): FenceGraph | undefined {
  if (!kept.whole) return undefined;
  return {
    components: kept.components.map((c) => c && {
      id: c.id,
      kindDef: c.kindDef,
      label: c.label,
      group: c.group,
      fence: c.fence,
      idSpan: spanIn(c.idSpan, by),
      span: spanIn(c.span, by),
      headerEnd: c.headerEnd + by,
      props: c.props,
      defaulted: c.defaulted,
      propSpans: movedSpans(c.propSpans, by),
    }),
    reads: kept.reads.slice(),
    connections: kept.connections.map((hops) => {
      if (!hops || hops.length === 0) return hops;
      // The hops of one statement share its span.
      const statementSpan = spanIn(hops[0]!.statementSpan, by);
      return hops.map((e) => ({ from: e.from, to: e.to, async: e.async, label: e.label, fence: e.fence, span: spanIn(e.span, by), statementSpan, props: e.props }));
    }),
    flows: kept.flows.map((f) => f && {
      id: f.id,
      label: f.label,
      fence: f.fence,
      span: spanIn(f.span, by),
      idSpan: spanIn(f.idSpan, by),
      steps: f.steps.map((step) => ({ from: step.from, to: step.to, reply: step.reply, async: step.async, label: step.label, span: spanIn(step.span, by) })),
    }),
    ends: kept.ends,
    groups: kept.groups.map((g) => ({ id: g.id, label: g.label, parent: g.parent, fence: g.fence, span: spanIn(g.span, by), idSpan: spanIn(g.idSpan, by) })),
    whole: true,
    endsDeclared: kept.endsDeclared,
  };
}

function movedSpans(spans: ReadonlyMap<string, Span>, by: number): ReadonlyMap<string, Span> {
  if (spans.size === 0) return spans;
  const out = new Map<string, Span>();
  spans.forEach((span, name) => out.set(name, spanIn(span, by)));
  return out;
}

/** Whether every carried component of a fence reads the very values it read. */
function allSameReads(reads: readonly (Reads | undefined)[], scope: Scope): boolean {
  for (let i = 0; i < reads.length; i++) if (!sameReads(reads[i], scope)) return false;
  return true;
}

/** Whether each of the first `count` slots holds what its statement built. */
function filled(slots: readonly unknown[], count: number): boolean {
  if (slots.length < count) return false;
  for (let at = 0; at < count; at++) if (slots[at] === undefined) return false;
  return true;
}

interface CheckedProps {
  readonly values: ReadonlyMap<string, PropValue>;
  readonly spans: ReadonlyMap<string, Span>;
  readonly defaulted: ReadonlySet<string>;
  /** The names the values read (none for literals and words), or undefined when they cannot be carried over. */
  readonly reads: readonly string[] | undefined;
}

const noProps: CheckedProps = { values: new Map(), spans: new Map(), defaulted: new Set(), reads: [] };

/**
 * Connections and flow steps must name declared components. `sameIds`: the components' ids are the
 * last graph's, so a carried fence whose ends were all declared then still has them declared.
 */
function checkEnds(ends: readonly (readonly Word[])[], keptByFence: readonly (FenceGraph | undefined)[], binding: Binding, components: ReadonlyMap<string, Component>, sameIds: boolean, report: (d: Diagnostic) => void) {
  let ids: string[] | undefined;
  for (let index = 0; index < ends.length; index++) {
    const kept = keptByFence[index];
    if (sameIds && kept?.endsDeclared) continue;
    const words = ends[index]!;
    const base = binding.fences[index]!.fence.contentStart;
    let declared = true;
    for (const word of words) {
      if (components.has(word.text)) continue;
      declared = false;
      ids ??= [...components.keys()];
      const { text } = word;
      const { start, end } = spanIn(word, base);
      const definition = binding.definitions.get(text);
      const message = definition
        ? `\`${text}\` is a ${definition.kind}, not a component; connections join components.`
        : `\`${text}\` is not a declared component: declare it (e.g. \`service ${text}\`) in any napkin fence of this document.${didYouMean(text, ids)}`;
      report(diagnostic('undeclaredComponent', start, end, message, { fixes: definition ? [] : didYouMeanFixes(text, start, end, ids) }));
    }
    if (kept) kept.endsDeclared = declared;
  }
}

/** A span shifted by `base`: a word's or a statement's in document offsets, or one moved with its fence. */
function spanIn(node: Span, base: number): Span {
  return { start: base + node.start, end: base + node.end };
}
