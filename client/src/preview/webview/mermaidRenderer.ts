/**
 * Mermaid text → SVG markup, for the preview panel and the Markdown preview script. The only
 * place that imports `mermaid`.
 *
 * - `securityLevel: 'strict'` always (labels are sanitised, `click` is disabled); the core escapes
 *   every label besides, so no directive, link or markup can come from a design.
 * - Renders are serialised (Mermaid keeps global state) and cached by theme + text, so an
 *   unchanged diagram never costs a second layout, and a render that is no longer wanted (its
 *   AbortSignal fired while it waited in the queue) never starts.
 */

import mermaid, { type MermaidConfig } from 'mermaid';
import type { ThemeKind } from '../protocol';

export type RenderResult = { readonly ok: true; readonly svg: string } | { readonly ok: false; readonly error: string };

const FONT = '"trebuchet ms", verdana, arial, sans-serif';

/** The Mermaid theme for a VS Code theme kind. High contrast gets the `base` theme, recoloured. */
export function mermaidConfig(theme: ThemeKind): MermaidConfig {
  const common: MermaidConfig = {
    startOnLoad: false,
    securityLevel: 'strict',
    suppressErrorRendering: true,
    fontFamily: FONT,
    flowchart: { useMaxWidth: false, htmlLabels: true, padding: 12, nodeSpacing: 40, rankSpacing: 60 },
    sequence: { useMaxWidth: false, mirrorActors: true },
  };
  switch (theme) {
    case 'light':
      return { ...common, theme: 'default', themeVariables: {} };
    case 'dark':
      // Mermaid's dark edge labels sit on a bright grey box; a darker one reads better on VS Code's dark editors.
      return { ...common, theme: 'dark', themeVariables: { edgeLabelBackground: '#333333' } };
    case 'high-contrast':
      return { ...common, theme: 'base', themeVariables: highContrast({ background: '#000000', text: '#ffffff', line: '#ffffff', border: '#6fc3df', accent: '#f38518', dark: true }) };
    case 'high-contrast-light':
      return { ...common, theme: 'base', themeVariables: highContrast({ background: '#ffffff', text: '#000000', line: '#000000', border: '#0f4a85', accent: '#b5200d', dark: false }) };
  }
}

function highContrast(c: { background: string; text: string; line: string; border: string; accent: string; dark: boolean }): Record<string, unknown> {
  return {
    darkMode: c.dark,
    fontFamily: FONT,
    background: c.background,
    mainBkg: c.background,
    primaryColor: c.background,
    secondaryColor: c.background,
    tertiaryColor: c.background,
    primaryTextColor: c.text,
    secondaryTextColor: c.text,
    tertiaryTextColor: c.text,
    textColor: c.text,
    nodeTextColor: c.text,
    primaryBorderColor: c.border,
    secondaryBorderColor: c.border,
    tertiaryBorderColor: c.border,
    nodeBorder: c.border,
    lineColor: c.line,
    defaultLinkColor: c.line,
    edgeLabelBackground: c.background,
    clusterBkg: c.background,
    clusterBorder: c.accent,
    titleColor: c.text,
    actorBkg: c.background,
    actorBorder: c.border,
    actorTextColor: c.text,
    actorLineColor: c.line,
    signalColor: c.line,
    signalTextColor: c.text,
    labelBoxBkgColor: c.background,
    labelBoxBorderColor: c.border,
    labelTextColor: c.text,
    loopTextColor: c.text,
    noteBkgColor: c.background,
    noteTextColor: c.text,
    noteBorderColor: c.accent,
    activationBkgColor: c.background,
    activationBorderColor: c.border,
    sequenceNumberColor: c.background,
  };
}

/** The theme kind VS Code announces through the body's classes. */
export function themeKindOf(body: HTMLElement): ThemeKind {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

const CACHE_LIMIT = 256;

export class MermaidRenderer {
  /** Mermaid layouts actually run (cache misses): what the tests count. */
  renders = 0;
  private configured: ThemeKind | undefined;
  private readonly cache = new Map<string, RenderResult>();
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(private readonly idPrefix: string) {}

  /** The cached result, without waiting. */
  cached(text: string, theme: ThemeKind): RenderResult | undefined {
    return this.cache.get(cacheKey(text, theme));
  }

  /** Renders after every render queued before it; undefined if `signal` fired before it started. */
  render(text: string, theme: ThemeKind, signal?: AbortSignal): Promise<RenderResult | undefined> {
    const task = this.queue.then(() => (signal?.aborted ? undefined : this.renderNow(text, theme)));
    this.queue = task.catch(() => undefined);
    return task;
  }

  /** Mermaid's own syntax check (no layout), for tests and diagnostics. */
  async parse(text: string): Promise<RenderResult> {
    try {
      await mermaid.parse(text);
      return { ok: true, svg: '' };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  }

  /** The configuration Mermaid is using now. */
  config(): MermaidConfig {
    return mermaid.mermaidAPI.getConfig();
  }

  private async renderNow(text: string, theme: ThemeKind): Promise<RenderResult> {
    const key = cacheKey(text, theme);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    if (this.configured !== theme) {
      mermaid.initialize(mermaidConfig(theme));
      this.configured = theme;
    }
    const id = `${this.idPrefix}-${++this.counter}`;
    let result: RenderResult;
    try {
      this.renders++;
      const { svg } = await mermaid.render(id, text);
      result = { ok: true, svg };
    } catch (error) {
      result = { ok: false, error: messageOf(error) };
    } finally {
      // Mermaid lays out in a temporary element; after an error it may be left behind.
      for (const leftover of [document.getElementById(id), document.getElementById(`d${id}`)]) leftover?.remove();
    }
    this.cache.set(key, result);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}

function cacheKey(text: string, theme: ThemeKind): string {
  return `${theme}\u0000${text}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Inserts Mermaid's SVG markup into `container` (replacing what it held) and returns the element. */
export function placeSvg(container: Element, svg: string): SVGSVGElement | undefined {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const element = template.content.querySelector('svg');
  if (!element) return undefined;
  container.replaceChildren(element);
  return element;
}
