/**
 * The preview webview: draws the model the extension host posts (diagrams, estimates, problems),
 * keeps it live without flicker, and reports clicks back as `reveal` messages.
 *
 * Updates are incremental. Each diagram has a card keyed by `DiagramView.key`; a card whose
 * Mermaid text and theme are unchanged keeps its DOM (and its zoom); a changed one keeps showing
 * the old SVG until the new one is ready. A newer model aborts the renders of an older one.
 */

import type { ComponentRow, DiagramView, ExportFormat, HostMessage, PreviewModel, ProblemRow, QuantityRow, ThemeKind, WebviewMessage } from '../protocol';
import { byId, h, onActivate } from './dom';
import { backgroundColor, exportSvg, naturalSize, pngOf } from './exporter';
import { MermaidRenderer, placeSvg, themeKindOf, type RenderResult } from './mermaidRenderer';
import { nodeElements, nodeIdOf } from './nodes';
import { ZoomPan, type ZoomState } from './zoom';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the webview being hidden and shown again (`vscode.setState`). */
interface SavedState {
  whole: boolean;
  scrollY: number;
  zoom: Record<string, ZoomState>;
}

interface Card {
  view: DiagramView;
  readonly root: HTMLElement;
  readonly title: HTMLElement;
  readonly meta: HTMLElement;
  readonly viewport: HTMLElement;
  readonly stage: HTMLElement;
  readonly error: HTMLElement;
  readonly zoom: ZoomPan;
  rendered: { text: string; theme: ThemeKind } | undefined;
  renders: number;
}

export function startPreview(): void {
  const api = acquireVsCodeApi();
  const renderer = new MermaidRenderer('napkin-preview');
  const app = new PreviewApp(api, renderer, savedState(api.getState()));
  window.addEventListener('message', (event: MessageEvent) => app.receive(event.data));
  // Test hook: the browser tests count layouts and ask Mermaid itself to parse and report its config.
  Object.defineProperty(window, '__napkinPreview', {
    value: Object.freeze({ renders: () => renderer.renders, parse: (text: string) => renderer.parse(text), config: () => renderer.config() }),
  });
  app.post({ type: 'ready' });
}

class PreviewApp {
  private model: PreviewModel | undefined;
  private theme: ThemeKind = themeKindOf(document.body);
  private readonly cards = new Map<string, Card>();
  private controller: AbortController | undefined;
  private generation = 0;
  private tablesShown = '';
  /** Where the page was scrolled before it was hidden; restored after the first render. */
  private restoreScroll: number | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: VsCodeApi,
    private readonly renderer: MermaidRenderer,
    private readonly state: SavedState,
  ) {
    this.restoreScroll = state.scrollY > 0 ? state.scrollY : undefined;
    const toggle = byId<HTMLInputElement>('toggle-whole');
    toggle.checked = state.whole;
    toggle.addEventListener('change', () => {
      this.state.whole = toggle.checked;
      this.save();
      this.draw();
    });
    byId('summary').addEventListener('click', (event) => {
      event.preventDefault();
      byId('problems').scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
    window.addEventListener('scroll', () => this.saveSoon(), { passive: true });
    // VS Code switches the body's theme class itself; follow it even without a message.
    new MutationObserver(() => this.setTheme(themeKindOf(document.body))).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  receive(message: unknown): void {
    if (!isHostMessage(message)) return;
    switch (message.type) {
      case 'update':
        this.model = message;
        this.draw();
        return;
      case 'theme':
        this.setTheme(message.kind);
        return;
      case 'export':
        void this.export(message.key, message.format, message.requestId);
        return;
    }
  }

  private setTheme(kind: ThemeKind): void {
    if (kind === this.theme) return;
    this.theme = kind;
    this.draw();
  }

  private draw(): void {
    const model = this.model;
    if (!model) return;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const generation = ++this.generation;

    byId('document-name').textContent = model.documentName;
    this.drawSummary(model.problems);
    const placeholder = byId('placeholder');
    placeholder.hidden = model.diagrams.length > 0;
    placeholder.textContent =
      model.fences === 0 ? 'No napkin fences in this document: add a ```napkin block to see its design here.' : 'Nothing to draw yet: declare components or a flow.';

    const views = [...(this.state.whole && model.whole ? [model.whole] : []), ...model.diagrams];
    this.syncCards(views);
    this.drawTables(model);
    void this.renderCards(views, generation, controller.signal, model.version);
  }

  /** Cards in model order: existing ones moved (never rebuilt), new ones created, stale ones removed. */
  private syncCards(views: readonly DiagramView[]): void {
    const container = byId('diagrams');
    const wanted = new Set(views.map((view) => view.key));
    for (const [key, card] of this.cards) {
      if (!wanted.has(key)) {
        card.root.remove();
        this.cards.delete(key);
      }
    }
    views.forEach((view, index) => {
      const card = this.cards.get(view.key) ?? this.createCard(view);
      card.view = view;
      card.title.textContent = view.title;
      card.meta.textContent = `${view.kind === 'flowchart' ? 'flowchart' : 'sequence'} · line ${view.line + 1}`;
      card.root.dataset.kind = view.kind;
      const at = container.children[index];
      if (at !== card.root) container.insertBefore(card.root, at ?? null);
    });
  }

  private createCard(view: DiagramView): Card {
    const button = (action: string, label: string, title: string) => h('button', { className: 'tool', text: label, title, attrs: { type: 'button', 'aria-label': title }, dataset: { action } });
    const title = h('span', { className: 'diagram-title' });
    const meta = h('button', { className: 'diagram-meta', title: 'Show in the editor', attrs: { type: 'button' } });
    const tools = h('span', { className: 'tools' }, [
      button('zoom-out', '−', 'Zoom out'),
      button('zoom-in', '+', 'Zoom in'),
      button('fit', 'Fit', 'Fit to the panel'),
      button('actual', '1:1', 'Actual size'),
      button('export-svg', 'SVG', 'Export as SVG'),
      button('export-png', 'PNG', 'Export as PNG'),
    ]);
    const stage = h('div', { className: 'stage' });
    const viewport = h('div', { className: 'viewport', attrs: { tabindex: '0', 'aria-label': 'Diagram: ctrl or cmd + wheel to zoom, drag to pan' } }, [stage]);
    const error = h('div', { className: 'render-error', attrs: { role: 'alert' } });
    error.hidden = true;
    const root = h('figure', { className: 'diagram', dataset: { key: view.key, kind: view.kind, renders: '0' } }, [
      h('figcaption', { className: 'diagram-header' }, [title, meta, h('span', { className: 'spacer' }), tools]),
      viewport,
      error,
    ]);
    const key = view.key;
    const zoom = new ZoomPan(viewport, stage, (state) => {
      if (state.manual) this.state.zoom[key] = state;
      else if (key in this.state.zoom) delete this.state.zoom[key];
      // A diagram fitted again after a render changes nothing to remember; saving reads the scroll
      // position, which would force a layout of the page for every diagram drawn.
      else return;
      this.save();
    });
    const card: Card = { view, root, title, meta, viewport, stage, error, zoom, rendered: undefined, renders: 0 };
    this.cards.set(key, card);

    tools.addEventListener('click', (event) => {
      const action = (event.target as Element).closest<HTMLElement>('[data-action]')?.dataset.action;
      if (action === 'zoom-in') zoom.zoomBy(1.25);
      else if (action === 'zoom-out') zoom.zoomBy(0.8);
      else if (action === 'fit') zoom.fit();
      else if (action === 'actual') zoom.actualSize();
      else if (action === 'export-svg' || action === 'export-png') void this.export(card.view.key, action === 'export-svg' ? 'svg' : 'png', undefined);
    });
    meta.addEventListener('click', () => this.reveal(card.view.start, card.view.start));
    viewport.addEventListener('click', (event) => this.clickNode(card, event.target as Element));
    viewport.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target !== viewport) this.clickNode(card, event.target as Element);
    });
    return card;
  }

  private clickNode(card: Card, target: Element): void {
    const id = nodeIdOf(target, card.view.kind);
    const node = id === undefined ? undefined : card.view.nodes.find((n) => n.mermaidId === id);
    if (node) this.reveal(node.start, node.end);
  }

  private reveal(start: number, end: number): void {
    this.post({ type: 'reveal', start, end });
  }

  private async renderCards(views: readonly DiagramView[], generation: number, signal: AbortSignal, version: number): Promise<void> {
    const theme = this.theme;
    const before = this.renderer.renders;
    let errors = 0;
    for (const view of views) {
      const card = this.cards.get(view.key);
      if (!card) continue;
      if (card.rendered?.text === view.mermaid && card.rendered.theme === theme) {
        if (!card.error.hidden) errors++;
        continue;
      }
      const result = this.renderer.cached(view.mermaid, theme) ?? (await this.renderer.render(view.mermaid, theme, signal));
      if (!result || signal.aborted || generation !== this.generation) return;
      if (!result.ok) errors++;
      this.show(card, result, theme, view.mermaid);
    }
    document.body.dataset.renderedVersion = String(version);
    document.body.dataset.renderedTheme = theme;
    this.post({ type: 'rendered', version, renders: this.renderer.renders - before, errors });
    if (this.restoreScroll !== undefined) {
      window.scrollTo(0, this.restoreScroll);
      this.restoreScroll = undefined;
      this.save();
    }
  }

  private show(card: Card, result: RenderResult, theme: ThemeKind, text: string): void {
    card.rendered = { text, theme };
    card.renders++;
    card.root.dataset.renders = String(card.renders);
    if (!result.ok) {
      card.error.hidden = false;
      card.error.textContent = `Mermaid could not draw this diagram: ${result.error}`;
      card.root.classList.add('failed');
      return;
    }
    card.error.hidden = true;
    card.root.classList.remove('failed');
    const svg = placeSvg(card.stage, result.svg);
    if (!svg) return;
    const { width, height } = naturalSize(svg);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.style.removeProperty('max-width');
    for (const { element, id } of nodeElements(svg, card.view.kind)) {
      const node = card.view.nodes.find((n) => n.mermaidId === id);
      if (!node) continue;
      element.classList.add('napkin-node');
      element.setAttribute('tabindex', '0');
      element.setAttribute('role', 'button');
      element.setAttribute('aria-label', `Go to ${node.id}`);
    }
    card.zoom.setContentSize(width, height, card.zoom.current.manual ? undefined : this.state.zoom[card.view.key]);
  }

  private drawSummary(problems: readonly ProblemRow[]): void {
    const count = (severity: ProblemRow['severity']) => problems.filter((p) => p.severity === severity).length;
    const errors = count('error');
    const warnings = count('warning');
    const parts = [errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
    const summary = byId('summary');
    summary.textContent = parts.length > 0 ? parts.join(', ') : problems.length > 0 ? `${problems.length} note${problems.length === 1 ? '' : 's'}` : 'No problems';
    summary.className = `summary ${errors > 0 ? 'has-errors' : warnings > 0 ? 'has-warnings' : 'clean'}`;
  }

  /** Estimates and problems: plain text, rebuilt only when their content changed. */
  private drawTables(model: PreviewModel): void {
    const shown = JSON.stringify([model.quantities, model.components, model.problems]);
    if (shown === this.tablesShown) return;
    this.tablesShown = shown;

    const estimates = byId('estimates');
    estimates.hidden = model.quantities.length === 0 && model.components.length === 0;
    byId('quantities').replaceChildren(...(model.quantities.length > 0 ? [this.quantityTable(model.quantities)] : []));
    byId('components').replaceChildren(...(model.components.length > 0 ? [this.componentTable(model.components)] : []));

    const problems = byId('problems');
    problems.hidden = model.problems.length === 0;
    byId('problem-list').replaceChildren(...model.problems.map((p) => this.problemItem(p)));
  }

  private quantityTable(rows: readonly QuantityRow[]): HTMLElement {
    return table(
      'Quantities',
      ['Name', 'Value', ['Exact', 'exact']],
      rows.map((q) => {
        const row = h('tr', { title: `Line ${q.line + 1}: go to the definition` }, [
          h('td', { className: 'name', text: q.name }),
          h('td', { className: 'number', text: q.display, title: q.exact }),
          h('td', { className: 'number exact', text: q.exact }),
        ]);
        this.revealOn(row, q.start, q.end);
        return row;
      }),
    );
  }

  private componentTable(rows: readonly ComponentRow[]): HTMLElement {
    return table(
      'Components',
      ['Component', 'Kind', 'Load', 'Capacity', 'Utilisation', 'Replicas', 'Needed'],
      rows.map((c) => {
        const utilisation = c.utilisation === undefined ? '—' : `${Math.round(c.utilisation * 100)}%`;
        const marker = c.level === 'over' ? 'over capacity' : c.level === 'hot' ? 'near capacity' : '';
        const name = h('td', { className: 'name' }, [h('span', { text: c.id })]);
        if (c.label && c.label !== c.id) name.append(h('span', { className: 'label', text: c.label }));
        const row = h('tr', { className: c.level ? `level-${c.level}` : '', title: `Line ${c.line + 1}: go to the definition` }, [
          name,
          h('td', { text: c.kind }),
          h('td', { className: 'number', text: c.load ?? '—' }),
          h('td', { className: 'number', text: c.capacity ?? '—' }),
          h('td', { className: 'number utilisation' }, [utilisation, ...(marker ? [h('span', { className: 'marker', text: marker })] : [])]),
          h('td', { className: 'number', text: String(c.replicas) }),
          h('td', { className: `number${c.replicasNeeded !== undefined && c.replicasNeeded > c.replicas ? ' short' : ''}`, text: c.replicasNeeded === undefined ? '—' : String(c.replicasNeeded) }),
        ]);
        if (c.level === 'over') row.dataset.over = 'true';
        this.revealOn(row, c.start, c.end);
        return row;
      }),
    );
  }

  private problemItem(p: ProblemRow): HTMLElement {
    const item = h('li', { className: `problem severity-${p.severity}`, attrs: { tabindex: '0', role: 'button' }, title: 'Go to the problem' }, [
      h('span', { className: 'severity', text: p.severity }),
      h('span', { className: 'code', text: p.code }),
      h('span', { className: 'where', text: `line ${p.line + 1}` }),
      h('span', { className: 'message', text: p.message }),
    ]);
    this.revealOn(item, p.start, p.end);
    return item;
  }

  private revealOn(element: HTMLElement, start: number, end: number): void {
    element.classList.add('revealable');
    if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '0');
    onActivate(element, () => this.reveal(start, end));
  }

  private async export(key: string, format: ExportFormat, requestId: number | undefined): Promise<void> {
    const view = this.cards.get(key)?.view ?? [...(this.model?.diagrams ?? []), ...(this.model?.whole ? [this.model.whole] : [])].find((v) => v.key === key);
    if (!view) {
      this.post({ type: 'error', requestId, message: `There is no diagram "${key}" in the preview.` });
      return;
    }
    // Export what Mermaid draws for the current text, even if the card is off (the whole design).
    const scratch = h('div', { className: 'export-scratch', attrs: { 'aria-hidden': 'true' } });
    try {
      const result = this.renderer.cached(view.mermaid, this.theme) ?? (await this.renderer.render(view.mermaid, this.theme));
      if (!result?.ok) throw new Error(result ? result.error : 'the render was cancelled');
      document.body.append(scratch);
      const svg = placeSvg(scratch, result.svg);
      if (!svg) throw new Error('Mermaid produced no SVG');
      const background = backgroundColor();
      const exported = exportSvg(svg, background);
      const data = format === 'svg' ? exported.markup : await pngOf(exported, background, 2);
      this.post({ type: 'exported', requestId, key, title: view.title, format, data });
    } catch (error) {
      this.post({ type: 'error', requestId, message: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      scratch.remove();
    }
  }

  private saveSoon(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), 200);
  }

  private save(): void {
    // Until the saved position is restored, the page is too short to say where the user was.
    if (this.restoreScroll === undefined) this.state.scrollY = window.scrollY;
    this.api.setState(this.state);
  }
}

/** A table; a heading given as [text, class] puts the class on its column's header too. */
function table(caption: string, headings: readonly (string | readonly [string, string])[], rows: readonly HTMLElement[]): HTMLElement {
  return h('table', { className: 'napkin-table' }, [
    h('caption', { text: caption }),
    h('thead', {}, [h('tr', {}, headings.map((heading) => (typeof heading === 'string' ? h('th', { text: heading, attrs: { scope: 'col' } }) : h('th', { text: heading[0], className: heading[1], attrs: { scope: 'col' } }))))]),
    h('tbody', {}, rows),
  ]);
}

function savedState(value: unknown): SavedState {
  const state = (typeof value === 'object' && value !== null ? value : {}) as Partial<SavedState>;
  return {
    whole: state.whole === true,
    scrollY: typeof state.scrollY === 'number' ? state.scrollY : 0,
    zoom: typeof state.zoom === 'object' && state.zoom !== null ? state.zoom : {},
  };
}

function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'update' || type === 'theme' || type === 'export';
}
