/**
 * Mermaid emitter: the design drawn from the same model that computes its numbers. Each fence
 * with components or connections becomes a `flowchart LR`, each flow a `sequenceDiagram`, and the
 * whole document can be drawn as one flowchart. Node ids are generated (`c0`, `c1`, …), never
 * taken from the design, and all text goes through `mermaidText`.
 */

import type { Analysis } from '../analysis';
import type { Component, DesignGraph, Edge, Flow } from '../graph/build';
import type { Kind } from '../model/catalogue';
import { formatPercent, formatQuantity } from '../units/format';
import { quantity } from '../units/quantity';
import { mermaidText } from './escape';

export interface DiagramNode {
  /** The component id (or participant) in the design. */
  readonly id: string;
  /** The node id in the Mermaid text. */
  readonly mermaidId: string;
  /** Document offsets of the component's definition, for click-to-source. */
  readonly start: number;
  readonly end: number;
}

export interface Diagram {
  readonly kind: 'flowchart' | 'sequence';
  readonly title: string;
  /** Index of the fence it comes from (-1 for the whole-document view). */
  readonly fence: number;
  /** Document offsets of what it draws: the fence content, or the flow statement. */
  readonly start: number;
  readonly end: number;
  readonly mermaid: string;
  readonly nodes: readonly DiagramNode[];
}

/** Every diagram of the document, in document order: per fence its flowchart, then its flows. */
export function diagramsOf(analysis: Analysis): Diagram[] {
  const { graph, fences } = analysis;
  const ids = nodeIds(graph);
  const perFence = fences.map(() => ({ components: [] as Component[], edges: [] as { edge: Edge; i: number }[], flows: [] as Flow[] }));
  for (const component of graph.components.values()) perFence[component.fence]?.components.push(component);
  graph.edges.forEach((edge, i) => perFence[edge.fence]?.edges.push({ edge, i }));
  for (const flow of graph.flows) perFence[flow.fence]?.flows.push(flow);
  const diagrams: Diagram[] = [];
  fences.forEach(({ fence }, index) => {
    const { components, edges, flows } = perFence[index]!;
    if (components.length > 0 || edges.length > 0) {
      const title = titleOf(fence.text) ?? `Design ${index + 1}`;
      diagrams.push(flowchart(analysis, ids, components, edges, { title, fence: index, start: fence.contentStart, end: fence.contentEnd }));
    }
    for (const flow of flows) diagrams.push(sequence(graph, flow));
  });
  return diagrams;
}

/** The whole document as one flowchart: every component and connection of every fence. */
export function documentDiagram(analysis: Analysis): Diagram | undefined {
  const { graph } = analysis;
  if (graph.components.size === 0 && graph.edges.length === 0) return undefined;
  const edges = graph.edges.map((edge, i) => ({ edge, i }));
  return flowchart(analysis, nodeIds(graph), [...graph.components.values()], edges, { title: 'Whole design', fence: -1, start: 0, end: analysis.text.length });
}

function flowchart(
  analysis: Analysis,
  ids: ReadonlyMap<string, string>,
  declared: readonly Component[],
  edges: readonly { edge: Edge; i: number }[],
  where: { title: string; fence: number; start: number; end: number },
): Diagram {
  const { graph, load } = analysis;
  const show = (perSecond: number) => formatQuantity(quantity(perSecond, 0, -1), { precision: analysis.precision, overrides: analysis.scope.overrides });
  const showBandwidth = (bytesPerSecond: number) => formatQuantity(quantity(bytesPerSecond, 1, -1), { precision: analysis.precision });
  // Nodes: the fence's own components, then any others its connections reach.
  const members = new Map<string, Component>(declared.map((c) => [c.id, c]));
  for (const { edge } of edges) {
    for (const end of [edge.from, edge.to]) {
      const component = graph.components.get(end);
      if (component && !members.has(end)) members.set(end, component);
    }
  }
  const lines = ['flowchart LR'];
  const nodes: DiagramNode[] = [];
  const classes = new Map<string, string[]>();
  const nodeLine = (component: Component) => {
    const mermaidId = ids.get(component.id)!;
    nodes.push({ id: component.id, mermaidId, start: component.idSpan.start, end: component.idSpan.end });
    const numbers = load.components.get(component.id);
    const parts = [mermaidText(component.label ?? component.id)];
    if (numbers?.load !== undefined) {
      const utilisation = numbers.utilisation === undefined ? '' : ` · ${formatPercent(numbers.utilisation, 2)}`;
      parts.push(mermaidText(`${show(numbers.load)}${utilisation}`));
      const level = numbers.utilisation === undefined ? undefined : numbers.utilisation > 1 + 1e-9 ? 'over' : numbers.utilisation >= 0.8 ? 'hot' : 'ok';
      if (level) classes.set(level, [...(classes.get(level) ?? []), mermaidId]);
    }
    return `${mermaidId}${shape(component.kindDef?.kind, parts.join('<br/>'))}`;
  };

  // Groups as subgraphs, nested; components outside groups at the top level.
  const byGroup = new Map<string | undefined, Component[]>();
  for (const component of members.values()) {
    const group = component.group !== undefined && graph.groups.has(component.group) ? component.group : undefined;
    byGroup.set(group, [...(byGroup.get(group) ?? []), component]);
  }
  const groupIds = new Map([...graph.groups.keys()].map((id, i) => [id, `g${i}`]));
  const emitGroup = (groupId: string, indent: string) => {
    const group = graph.groups.get(groupId)!;
    const children = [...graph.groups.values()].filter((g) => g.parent === groupId && hasMembers(g.id));
    lines.push(`${indent}subgraph ${groupIds.get(groupId)}["${mermaidText(group.label ?? group.id)}"]`);
    for (const component of byGroup.get(groupId) ?? []) lines.push(`${indent}  ${nodeLine(component)}`);
    for (const child of children) emitGroup(child.id, indent + '  ');
    lines.push(`${indent}end`);
  };
  const hasMembers = (groupId: string): boolean =>
    (byGroup.get(groupId)?.length ?? 0) > 0 || [...graph.groups.values()].some((g) => g.parent === groupId && hasMembers(g.id));
  for (const component of byGroup.get(undefined) ?? []) lines.push(`  ${nodeLine(component)}`);
  for (const group of graph.groups.values()) if (group.parent === undefined && hasMembers(group.id)) emitGroup(group.id, '  ');

  for (const { edge, i } of edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const numbers = load.edges[i];
    const text: string[] = [];
    if (edge.label) text.push(mermaidText(edge.label));
    const figures = [numbers?.load !== undefined ? show(numbers.load) : '', numbers?.bandwidth !== undefined ? showBandwidth(numbers.bandwidth) : ''].filter(Boolean);
    if (figures.length > 0) text.push(mermaidText(figures.join(' · ')));
    const arrow = edge.async ? '-.->' : '-->';
    lines.push(text.length > 0 ? `  ${from} ${arrow}|"${text.join('<br/>')}"| ${to}` : `  ${from} ${arrow} ${to}`);
  }

  if (classes.size > 0) {
    lines.push('  classDef ok stroke:#2e7d32,stroke-width:2px');
    lines.push('  classDef hot stroke:#ef6c00,stroke-width:3px');
    lines.push('  classDef over fill:#ffcdd2,stroke:#c62828,stroke-width:3px,color:#000');
    for (const [level, members] of classes) lines.push(`  class ${members.join(',')} ${level}`);
  }
  return { kind: 'flowchart', title: where.title, fence: where.fence, start: where.start, end: where.end, mermaid: lines.join('\n') + '\n', nodes };
}

function sequence(graph: DesignGraph, flow: Flow): Diagram {
  const participants = new Map<string, string>();
  const nodes: DiagramNode[] = [];
  const lines = ['sequenceDiagram'];
  const participant = (id: string) => {
    if (participants.has(id)) return participants.get(id)!;
    const mermaidId = `p${participants.size}`;
    participants.set(id, mermaidId);
    const component = graph.components.get(id);
    lines.push(`  participant ${mermaidId} as ${mermaidText(component?.label ?? id)}`);
    if (component) nodes.push({ id, mermaidId, start: component.idSpan.start, end: component.idSpan.end });
    return mermaidId;
  };
  for (const step of flow.steps) {
    participant(step.from);
    participant(step.to);
  }
  for (const step of flow.steps) {
    const arrow = step.reply ? '-->>' : step.async ? '-)' : '->>';
    lines.push(`  ${participants.get(step.from)}${arrow}${participants.get(step.to)}: ${mermaidText(step.label ?? '')}`);
  }
  return { kind: 'sequence', title: flow.label ?? flow.id, fence: flow.fence, start: flow.span.start, end: flow.span.end, mermaid: lines.join('\n') + '\n', nodes };
}

/** Node shapes by kind: stores as cylinders, queues as horizontal cylinders, users as stadiums. */
function shape(kind: Kind | undefined, label: string): string {
  const text = `"${label}"`;
  switch (kind) {
    case 'database':
    case 'cache':
    case 'storage':
    case 'search':
    case 'warehouse':
      return `[(${text})]`;
    case 'queue':
    case 'topic':
      return `@{ shape: h-cyl, label: ${text} }`;
    case 'user':
    case 'client':
      return `([${text}])`;
    case 'loadbalancer':
    case 'gateway':
      return `{{${text}}}`;
    case 'cdn':
    case 'dns':
    case 'proxy':
      return `(${text})`;
    case 'worker':
      return `[[${text}]]`;
    case 'function':
      return `>${text}]`;
    case 'external':
      return `[/${text}/]`;
    case 'service':
    case undefined:
      return `[${text}]`;
  }
}

/** Stable node ids: `c` + the component's position in the document. */
function nodeIds(graph: DesignGraph): Map<string, string> {
  return new Map([...graph.components.keys()].map((id, i) => [id, `c${i}`]));
}

/** A leading `# Title` comment on the fence's first line names its diagram (not a `napkin-` directive). */
function titleOf(text: string): string | undefined {
  const firstLine = /^[ \t\r\n]*([^\r\n]*)/.exec(text)?.[1] ?? '';
  const title = /^\s*(?:#|\/\/)\s*(.+?)\s*$/.exec(firstLine)?.[1];
  return title === undefined || title.startsWith('napkin-') ? undefined : title;
}
