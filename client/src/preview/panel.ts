/**
 * The Napkin preview panel on the extension host: one webview beside the editor that follows the
 * active Markdown or .napkin document. The host runs the core in-process (no language server
 * round trip) and posts a `PreviewModel`, debounced while the user types; the webview
 * (webview/app.ts) draws it with Mermaid and sends back clicks (`reveal`) and exports.
 *
 * Commands: `napkin.openPreviewToSide`, `napkin.exportSvg`, `napkin.exportPng`.
 */

import * as vscode from 'vscode';
import { createParseCache, type Analysis, type ParseCache } from '../../../server/src/core/analysis';
import { applyConfig, emptyConfig, parseConfig, type NapkinConfig } from '../../../server/src/core/config';
import { applySuppressions } from '../../../server/src/core/suppressions';
import { createNonce, previewHtml } from './html';
import { buildPreviewModel } from './model';
import type { DiagramView, ExportFormat, HostMessage, PreviewModel, ThemeKind, WebviewMessage } from './protocol';

const VIEW_TYPE = 'napkin.preview';
const DEBOUNCE_MS = 150;
const EXPORT_TIMEOUT_MS = 30_000;
const HAS_FENCES_CONTEXT = 'napkin.editorHasNapkinFences';

type Exported = Extract<WebviewMessage, { type: 'exported' }>;

export function registerPreview(context: vscode.ExtensionContext, _client?: unknown): void {
  const manager = new PreviewManager(context.extensionUri);
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand('napkin.openPreviewToSide', (uri?: unknown) => manager.open(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('napkin.exportSvg', (key?: unknown) => manager.export('svg', typeof key === 'string' ? key : undefined)),
    vscode.commands.registerCommand('napkin.exportPng', (key?: unknown) => manager.export('png', typeof key === 'string' ? key : undefined)),
  );
}

export function isNapkinDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'napkin' || document.languageId === 'markdown' || /\.(napkin|md|markdown)$/i.test(document.uri.path);
}

function languageOf(document: vscode.TextDocument): 'markdown' | 'napkin' {
  return document.languageId === 'napkin' || /\.napkin$/i.test(document.uri.path) ? 'napkin' : 'markdown';
}

export function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Dark:
      return 'dark';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'light';
  }
}

class PreviewManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private model: PreviewModel | undefined;
  private version = 0;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The model being computed, if any (exports wait for it). */
  private refreshing: Promise<void> = Promise.resolve();
  private parseCache: ParseCache = createParseCache();
  private requests = 0;
  private readonly pending = new Map<number, { resolve: (message: Exported) => void; reject: (error: Error) => void }>();
  private readonly projectConfigs = new Map<string, Promise<NapkinConfig>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.napkin.json');
    const forgetConfig = () => {
      this.projectConfigs.clear();
      this.refresh();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(forgetConfig),
      watcher.onDidCreate(forgetConfig),
      watcher.onDidDelete(forgetConfig),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        this.updateContext(editor);
        if (editor && this.panel && isNapkinDocument(editor.document) && editor.document !== this.document) this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.updateContext(vscode.window.activeTextEditor);
        if (event.document === this.document) this.schedule();
      }),
      vscode.window.onDidChangeActiveColorTheme((theme) => this.post({ type: 'theme', kind: themeKind(theme.kind) })),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('napkin')) this.refresh();
      }),
    );
    this.updateContext(vscode.window.activeTextEditor);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  async open(uri?: vscode.Uri): Promise<void> {
    const active = vscode.window.activeTextEditor?.document;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : active && isNapkinDocument(active) ? active : this.document;
    if (!document) {
      void vscode.window.showInformationMessage('Napkin: open a Markdown or .napkin file to preview its design.');
      return;
    }
    if (this.panel) this.panel.reveal(this.panel.viewColumn, true);
    else this.panel = this.createPanel();
    this.follow(document);
  }

  async export(format: ExportFormat, key?: string): Promise<void> {
    if (!this.panel) await this.open();
    if (!this.panel) return;
    await this.whenReady();
    await this.refreshing;
    const model = this.model;
    const views = model ? [...model.diagrams, ...(model.whole ? [model.whole] : [])] : [];
    if (views.length === 0) {
      void vscode.window.showInformationMessage('Napkin: this document has no diagram to export.');
      return;
    }
    const view = key !== undefined ? views.find((v) => v.key === key) : views.length === 1 ? views[0] : await pickDiagram(views, format);
    if (!view) return;
    const requestId = ++this.requests;
    try {
      const exported = await new Promise<Exported>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        setTimeout(() => reject(new Error('the preview did not answer in time')), EXPORT_TIMEOUT_MS);
        this.post({ type: 'export', key: view.key, format, requestId });
      });
      await this.save(exported);
    } catch (error) {
      void vscode.window.showErrorMessage(`Napkin: export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.pending.delete(requestId);
    }
  }

  private createPanel(): vscode.WebviewPanel {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Napkin Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [dist, media],
    });
    panel.iconPath = { light: vscode.Uri.joinPath(media, 'preview-light.svg'), dark: vscode.Uri.joinPath(media, 'preview-dark.svg') };
    panel.webview.html = previewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
    });
    this.ready = false;
    panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message), undefined, this.disposables);
    // A hidden webview is torn down (no retainContextWhenHidden): stop posting until it says `ready` again.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }, undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.model = undefined;
      for (const { reject } of this.pending.values()) reject(new Error('the preview was closed'));
    }, undefined, this.disposables);
    return panel;
  }

  /** Shows `document` in the panel from now on. */
  private follow(document: vscode.TextDocument): void {
    if (document !== this.document) this.parseCache = createParseCache();
    this.document = document;
    this.refresh();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  /** Computes and posts the model of the followed document (not while the webview is hidden: `ready` calls it again). */
  private refresh(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const document = this.document;
    const panel = this.panel;
    if (!document || !panel || !panel.visible) return;
    this.refreshing = this.configFor(document).then((config) => {
      if (document !== this.document || panel !== this.panel) return;
      const settings = vscode.workspace.getConfiguration('napkin', document.uri);
      const precision = config.precision ?? settings.get<number>('precision', 3);
      const name = document.uri.path.split('/').pop() || document.uri.toString();
      this.model = buildPreviewModel(document.getText(), {
        language: languageOf(document),
        uri: document.uri.toString(),
        documentName: name,
        version: ++this.version,
        precision,
        assume: config.assume,
        cache: this.parseCache,
        diagnostics: (analysis: Analysis) => applyConfig(applySuppressions(analysis, analysis.diagnostics), config),
      });
      panel.title = `Napkin: ${name}`;
      this.post(this.model);
    }).catch((error: unknown) => {
      // The core never throws on user text; if it ever does, keep the last picture and say why in the log.
      console.error('Napkin preview: the model could not be computed', error);
    });
  }

  /** `.napkin.json` of the document's workspace folder, then the `napkin.rules` setting over it. */
  private configFor(document: vscode.TextDocument): Promise<NapkinConfig> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const rules = vscode.workspace.getConfiguration('napkin', document.uri).get<Record<string, string>>('rules', {});
    const fromSettings = parseConfig({ rules }, 'settings').config;
    const key = folder?.uri.toString() ?? '';
    let project = this.projectConfigs.get(key);
    if (!project) {
      project = folder ? readProjectConfig(vscode.Uri.joinPath(folder.uri, '.napkin.json')) : Promise.resolve(emptyConfig);
      this.projectConfigs.set(key, project);
    }
    return project.then((config) => ({ ...config, rules: new Map([...config.rules, ...fromSettings.rules]) }));
  }

  private receive(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'theme', kind: themeKind(vscode.window.activeColorTheme.kind) });
        this.refresh();
        for (const waiter of this.readyWaiters.splice(0)) waiter();
        return;
      case 'reveal':
        void this.reveal(message.start, message.end);
        return;
      case 'exported': {
        const waiting = message.requestId === undefined ? undefined : this.pending.get(message.requestId);
        if (waiting) waiting.resolve(message);
        else void this.save(message);
        return;
      }
      case 'error': {
        const waiting = message.requestId === undefined ? undefined : this.pending.get(message.requestId);
        if (waiting) waiting.reject(new Error(message.message));
        else void vscode.window.showErrorMessage(`Napkin: ${message.message}`);
        return;
      }
      case 'rendered':
        return;
    }
  }

  private post(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Selects [start, end) in the editor showing the document (opening one if none does). */
  private async reveal(start: number, end: number): Promise<void> {
    const document = this.document;
    if (!document) return;
    const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selection: new vscode.Selection(range.start, range.end) });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(exported: Exported): Promise<void> {
    const document = this.document;
    const stem = (document?.uri.path.split('/').pop() ?? 'design').replace(/\.[^.]*$/, '');
    const title = slug(exported.title);
    const fileName = `${title.startsWith(slug(stem)) ? title : `${slug(stem)}-${title}`}.${exported.format}`;
    const folder = document && document.uri.scheme !== 'untitled' ? vscode.Uri.joinPath(document.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const format = exported.format.toUpperCase();
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: exported.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: `Export ${format}`,
      title: `Export "${exported.title}" as ${format}`,
    });
    if (!target) return;
    const bytes = exported.format === 'svg' ? new TextEncoder().encode(exported.data) : bytesOfBase64(exported.data);
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Napkin: saved ${target.path.split('/').pop()}`);
  }

  /** Sets the context key that shows the preview button on Markdown files with napkin fences. */
  private updateContext(editor: vscode.TextEditor | undefined): void {
    const has = !!editor && (languageOf(editor.document) === 'napkin' || /^[ \t>]*(`{3,}|~{3,})[ \t]*napkin\b/im.test(editor.document.getText()));
    void vscode.commands.executeCommand('setContext', HAS_FENCES_CONTEXT, has);
  }
}

async function pickDiagram(views: readonly DiagramView[], format: ExportFormat): Promise<DiagramView | undefined> {
  const picked = await vscode.window.showQuickPick(
    views.map((view) => ({ label: view.title, description: view.key === 'whole' ? 'whole design' : `${view.kind} · line ${view.line + 1}`, view })),
    { title: `Napkin: export a diagram as ${format.toUpperCase()}`, placeHolder: 'Which diagram?' },
  );
  return picked?.view;
}

async function readProjectConfig(uri: vscode.Uri): Promise<NapkinConfig> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return emptyConfig;
  }
  try {
    return parseConfig(JSON.parse(text), '.napkin.json').config;
  } catch {
    return emptyConfig; // the language server reports a broken config; the preview uses defaults
  }
}

function slug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'diagram';
}

function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
