/**
 * The messages between the extension host (panel.ts) and the preview webview (webview/*.ts).
 * Types only: both sides import this file, and neither pulls the other's code in with it.
 *
 * Host → webview: a `PreviewModel` (the whole picture, posted after each debounced edit), a theme
 * change, or a request to export a diagram. Webview → host: `ready`, `reveal` (a node, row or
 * problem was clicked), `exported` (an SVG as text or a PNG as base64), `rendered` (after each
 * model is drawn) and `error`.
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface DiagramNodeView {
  /** The component id in the design. */
  readonly id: string;
  /** The node id in the Mermaid text (`c3`, `p0`): how a click on the SVG finds its node. */
  readonly mermaidId: string;
  /** Document offsets of the component's id. */
  readonly start: number;
  readonly end: number;
}

export interface DiagramView {
  /** Stable across edits (kind, title and occurrence), so an unchanged diagram keeps its DOM. */
  readonly key: string;
  readonly kind: 'flowchart' | 'sequence';
  readonly title: string;
  readonly mermaid: string;
  readonly nodes: readonly DiagramNodeView[];
  /** What the diagram draws, in document offsets, and the 0-based line where that starts. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export interface QuantityRow {
  readonly name: string;
  /** Rounded for reading (`5.79K req/s`), and in full (`5,787.037037 req/s`). */
  readonly display: string;
  readonly exact: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export interface ComponentRow {
  readonly id: string;
  readonly label: string | undefined;
  readonly kind: string;
  /** Displays; undefined when no traffic reaches the component or it has no capacity. */
  readonly load: string | undefined;
  readonly capacity: string | undefined;
  /** load ÷ capacity, as a fraction (1.1 = 110 %). */
  readonly utilisation: number | undefined;
  readonly replicas: number;
  readonly replicasNeeded: number | undefined;
  readonly level: 'over' | 'hot' | 'ok' | undefined;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export interface ProblemRow {
  readonly code: string;
  readonly alias: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** 0-based; the webview shows line + 1. */
  readonly line: number;
  readonly character: number;
}

export interface PreviewModel {
  readonly type: 'update';
  /** Increases with every model the host posts; `rendered` echoes it. */
  readonly version: number;
  readonly uri: string;
  readonly documentName: string;
  /** Per fence its flowchart, then its flows' sequence diagrams, in document order. */
  readonly diagrams: readonly DiagramView[];
  /** All fences as one flowchart (shown when the user turns on "Whole design"). */
  readonly whole: DiagramView | undefined;
  readonly quantities: readonly QuantityRow[];
  readonly components: readonly ComponentRow[];
  readonly problems: readonly ProblemRow[];
  /** Number of napkin fences (0: the document has nothing to preview). */
  readonly fences: number;
}

export type ExportFormat = 'svg' | 'png';

export type HostMessage =
  | PreviewModel
  | { readonly type: 'theme'; readonly kind: ThemeKind }
  | { readonly type: 'export'; readonly key: string; readonly format: ExportFormat; readonly requestId: number };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly start: number; readonly end: number }
  | {
      readonly type: 'exported';
      readonly requestId: number | undefined;
      readonly key: string;
      readonly title: string;
      readonly format: ExportFormat;
      /** SVG: the markup. PNG: base64 of the file. */
      readonly data: string;
    }
  | { readonly type: 'rendered'; readonly version: number; readonly renders: number; readonly errors: number }
  | { readonly type: 'error'; readonly requestId: number | undefined; readonly message: string };
