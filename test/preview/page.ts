/**
 * The preview outside VS Code, for the browser tests and the screenshot script: the SAME webview
 * HTML (client/src/preview/html.ts, same CSP) served from a tiny server on 127.0.0.1, the built
 * dist/preview.js, a stub `acquireVsCodeApi` that records what the page posts, and models built by
 * the same function the extension uses, delivered the way VS Code delivers them (a `message`
 * event on the window).
 *
 * Also serves a stand-in for VS Code's Markdown preview (markdown-it output + the preview script
 * + the preview style, under the Markdown preview's strict policy).
 */

import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, previewHtml } from '../../client/src/preview/html';
import { buildPreviewModel } from '../../client/src/preview/model';
import type { HostMessage, PreviewModel, ThemeKind, WebviewMessage } from '../../client/src/preview/protocol';

export const CHROMIUM = process.env.NAPKIN_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Types for what runs in the page (the root tsconfig has no DOM lib). */
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
type PageWindow = {
  __messages: WebviewMessage[];
  __pwned?: unknown;
  postMessage(message: unknown, target: string): void;
  __napkinPreview: { renders(): number; parse(text: string): Promise<{ ok: boolean; error?: string }>; config(): Record<string, unknown> };
};
declare const window: PageWindow;
declare const document: any;

export interface PreviewServer {
  readonly origin: string;
  /** The body of the stand-in Markdown preview page (`/markdown`). */
  markdownBody: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

export async function startPreviewServer(): Promise<PreviewServer> {
  let origin = '';
  const state = { markdownBody: '' };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/preview') {
      send(200, 'text/html; charset=utf-8', previewHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/dist/preview.js`, styleUri: `${origin}/media/preview.css` }));
      return;
    }
    if (url.pathname === '/markdown') {
      send(200, 'text/html; charset=utf-8', markdownPreviewHtml(origin, createNonce(), state.markdownBody));
      return;
    }
    // Static files from dist/ and media/ only, like the webview's localResourceRoots. Scripts are
    // served without a charset, as VS Code serves them: the page's <meta charset> must decide.
    const path = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    const allowed = [join(ROOT, 'dist') + sep, join(ROOT, 'media') + sep].some((root) => path.startsWith(root));
    if (allowed && existsSync(path)) send(200, TYPES[extname(path)] ?? 'application/octet-stream', readFileSync(path));
    else send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the preview server has no port');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    get markdownBody() {
      return state.markdownBody;
    },
    set markdownBody(body: string) {
      state.markdownBody = body;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** VS Code's Markdown preview page, cut down: its strict CSP, our style and script, the rendered body. */
function markdownPreviewHtml(origin: string, nonce: string, body: string): string {
  const csp = `default-src 'none'; img-src 'self' ${origin} https: data:; media-src 'self' ${origin} https: data:; script-src 'nonce-${nonce}'; style-src ${origin} 'self' 'unsafe-inline' https: data:; font-src 'self' ${origin} https: data:;`;
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-type" content="text/html;charset=UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/media/markdown-preview.css">
</head><body class="vscode-body vscode-light">
<div class="markdown-body">${body}</div>
<script nonce="${nonce}" src="${origin}/dist/markdown-preview.js"></script>
</body></html>`;
}

/** A fresh headless Chromium with a throwaway profile. */
export async function launchChromium(options: { deviceScaleFactor?: number } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'napkin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    viewport: { width: 1200, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PreviewPage {
  readonly page: Page;
  /** Every URL the page requested, and every dialog it tried to open. */
  readonly requests: string[];
  readonly dialogs: string[];
  /** Posts a host message the way the extension does. */
  send(message: HostMessage): Promise<void>;
  /** Sends a model and waits until the webview reports it drawn. */
  show(model: PreviewModel): Promise<void>;
  /** What the page posted to the host so far. */
  messages(): Promise<WebviewMessage[]>;
  setTheme(kind: ThemeKind): Promise<void>;
}

/**
 * tsx compiles this file with esbuild's keepNames, so functions passed to `page.evaluate` call a
 * `__name` helper that exists only in Node; the page gets an identity stand-in.
 */
export const KEEP_NAMES = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** Guards any page: records requests and dialogs, and blocks every request off the test server. */
export async function guard(page: Page, origin: string): Promise<{ requests: string[]; dialogs: string[] }> {
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => void requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route('**', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort('blockedbyclient')));
  return { requests, dialogs };
}

export async function openPreview(context: BrowserContext, server: PreviewServer, options: { theme?: ThemeKind; width?: number; height?: number } = {}): Promise<PreviewPage> {
  const page = await context.newPage();
  if (options.width || options.height) await page.setViewportSize({ width: options.width ?? 1200, height: options.height ?? 900 });
  const { requests, dialogs } = await guard(page, server.origin);
  await page.addInitScript(KEEP_NAMES);
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageWindow & { acquireVsCodeApi(): unknown };
    w.__messages = [];
    // The state outlives a reload, as vscode.getState() outlives the webview being hidden.
    const stored = sessionStorage.getItem('napkin-webview-state');
    let state: unknown = stored === null ? undefined : JSON.parse(stored);
    (w as unknown as { __state: unknown }).__state = state;
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi may only be called once');
      acquired = true;
      return {
        postMessage: (message: unknown) => void w.__messages.push(JSON.parse(JSON.stringify(message))),
        getState: () => state,
        setState: (next: unknown) => {
          state = JSON.parse(JSON.stringify(next));
          (w as unknown as { __state: unknown }).__state = state;
          sessionStorage.setItem('napkin-webview-state', JSON.stringify(state));
        },
      };
    };
  });
  await page.goto(`${server.origin}/`);
  const preview: PreviewPage = {
    page,
    requests,
    dialogs,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown),
    async show(model) {
      await preview.send(model);
      await page.waitForFunction((version) => document.body.dataset.renderedVersion === String(version), model.version, { timeout: 30_000 });
    },
    messages: () => page.evaluate(() => window.__messages),
    async setTheme(kind) {
      await page.evaluate((k) => {
        document.body.className = `vscode-${k}${k === 'high-contrast-light' ? ' vscode-high-contrast' : ''}`;
      }, kind);
      await applyThemeVariables(page, kind);
      await preview.send({ type: 'theme', kind });
    },
  };
  if (options.theme) await preview.setTheme(options.theme);
  return preview;
}

/** A few of the CSS variables VS Code sets on a webview's <html>, so the page looks as it would there. */
export const THEME_VARIABLES: Record<ThemeKind, Record<string, string>> = {
  light: {
    '--vscode-font-family': '-apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-sideBarSectionHeader-background': '#f8f8f8',
    '--vscode-inputValidation-errorBackground': '#f2dede',
  },
  dark: {
    '--vscode-font-family': '-apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-sideBarSectionHeader-background': '#181818',
    '--vscode-inputValidation-errorBackground': '#5a1d1d',
  },
  'high-contrast': {
    '--vscode-foreground': '#ffffff',
    '--vscode-editor-background': '#000000',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-errorForeground': '#f48771',
    '--vscode-focusBorder': '#f38518',
  },
  'high-contrast-light': {
    '--vscode-foreground': '#292929',
    '--vscode-editor-background': '#ffffff',
    '--vscode-contrastBorder': '#0f4a85',
    '--vscode-errorForeground': '#b5200d',
    '--vscode-focusBorder': '#006bbd',
  },
};

async function applyThemeVariables(page: Page, kind: ThemeKind): Promise<void> {
  await page.evaluate((variables) => {
    const style = document.documentElement.style;
    for (const name of [...style].filter((n: string) => n.startsWith('--vscode-'))) style.removeProperty(name);
    for (const [name, value] of Object.entries(variables)) style.setProperty(name, value);
  }, THEME_VARIABLES[kind]);
}

let version = 0;

/** The model the extension would post for `text` (a Markdown document unless `language` says otherwise). */
export function modelOf(text: string, options: { name?: string; language?: 'markdown' | 'napkin' } = {}): PreviewModel {
  return buildPreviewModel(text, {
    language: options.language ?? 'markdown',
    uri: `file:///test/${options.name ?? 'design.md'}`,
    documentName: options.name ?? 'design.md',
    version: ++version,
  });
}
