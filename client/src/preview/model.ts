/**
 * The preview's model: everything the webview draws, computed on the extension host by the core
 * and posted as plain data. Pure (no `vscode`, no DOM), so the static test page builds exactly
 * what the extension posts.
 */

import { analyze, type Analysis, type AnalyzeOptions } from '../../../server/src/core/analysis';
import type { Diagnostic } from '../../../server/src/core/diagnostics';
import { diagramsOf, documentDiagram, type Diagram } from '../../../server/src/core/render/mermaid';
import { formatExact, formatQuantity } from '../../../server/src/core/units/format';
import { quantity } from '../../../server/src/core/units/quantity';
import { lineIndex } from '../../../server/src/core/text/positions';
import type { ComponentRow, DiagramView, PreviewModel, ProblemRow, QuantityRow } from './protocol';

export interface ModelOptions {
  readonly language: 'markdown' | 'napkin';
  readonly uri: string;
  readonly documentName: string;
  readonly version: number;
  readonly precision?: number;
  readonly assume?: AnalyzeOptions['assume'];
  readonly cache?: AnalyzeOptions['cache'];
  /** Turns the analysis's diagnostics into the ones the editor shows (suppressions, rule severities). */
  readonly diagnostics?: (analysis: Analysis) => readonly Diagnostic[];
}

export function buildPreviewModel(text: string, options: ModelOptions): PreviewModel {
  const analysis = analyze(text, { language: options.language, precision: options.precision, assume: options.assume, cache: options.cache });
  return modelOf(analysis, options);
}

export function modelOf(analysis: Analysis, options: ModelOptions): PreviewModel {
  const lines = lineIndex(analysis.text);
  const keys = new Map<string, number>();
  const view = (diagram: Diagram): DiagramView => {
    const base = `${diagram.kind}:${diagram.title}`;
    const seen = keys.get(base) ?? 0;
    keys.set(base, seen + 1);
    return {
      key: seen === 0 ? base : `${base}#${seen + 1}`,
      kind: diagram.kind,
      title: diagram.title,
      mermaid: diagram.mermaid,
      nodes: diagram.nodes.map(({ id, mermaidId, start, end }) => ({ id, mermaidId, start, end })),
      start: diagram.start,
      end: diagram.end,
      line: lines.lineOf(diagram.start),
    };
  };
  const diagrams = diagramsOf(analysis).map(view);
  const wholeDiagram = documentDiagram(analysis);
  const whole = wholeDiagram && { ...view(wholeDiagram), key: 'whole' };

  const quantities: QuantityRow[] = analysis.quantities.map((q) => ({
    name: q.name,
    display: q.display ?? '—',
    exact: q.value ? formatExact(q.value) : '—',
    start: q.definition.start,
    end: q.definition.end,
    line: lines.lineOf(q.definition.start),
  }));

  const rate = (perSecond: number | undefined) =>
    perSecond === undefined ? undefined : formatQuantity(quantity(perSecond, 0, -1), { precision: analysis.precision, overrides: analysis.scope.overrides });
  const components: ComponentRow[] = [...analysis.graph.components.values()].map((component) => {
    const load = analysis.load.components.get(component.id);
    const utilisation = load?.utilisation;
    return {
      id: component.id,
      label: component.label,
      kind: component.kindDef?.kind ?? 'unknown',
      load: rate(load?.load),
      capacity: rate(load?.capacity),
      utilisation,
      replicas: load?.replicas ?? 1,
      replicasNeeded: load?.replicasNeeded,
      level: utilisation === undefined ? undefined : utilisation > 1 + 1e-9 ? 'over' : utilisation >= 0.8 ? 'hot' : 'ok',
      start: component.idSpan.start,
      end: component.idSpan.end,
      line: lines.lineOf(component.idSpan.start),
    };
  });

  const shown = options.diagnostics ? options.diagnostics(analysis) : analysis.diagnostics;
  const problems: ProblemRow[] = shown.map((d) => ({
    code: d.code,
    alias: d.alias,
    severity: d.severity,
    message: d.message,
    start: d.start,
    end: d.end,
    line: lines.lineOf(d.start),
    character: d.start - lines.startOf(lines.lineOf(d.start)),
  }));

  return {
    type: 'update',
    version: options.version,
    uri: options.uri,
    documentName: options.documentName,
    diagrams,
    whole,
    quantities,
    components,
    problems,
    fences: analysis.fences.length,
  };
}

/** Offsets ↔ 0-based lines, for any line break (`\n`, `\r\n`, `\r`). */
