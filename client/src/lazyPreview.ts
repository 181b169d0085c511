/**
 * The preview, registered without loading it. Activation only puts stand-ins in place of the
 * preview's commands and sets the context key that shows the editor-title button; the preview
 * host (dist/preview-host.js: the panel, the markdown-it plugin and the core they run) is loaded
 * when one of those commands runs or VS Code's Markdown preview first renders. The stand-ins then
 * make way for the real commands (`registerPreview`) and pass the call on.
 */

import { join } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import type * as PreviewHost from './previewHost';

const COMMANDS = ['napkin.openPreviewToSide', 'napkin.exportSvg', 'napkin.exportPng'];
const HAS_FENCES_CONTEXT = 'napkin.editorHasNapkinFences';
const napkinFence = /^[ \t>]*(`{3,}|~{3,})[ \t]*napkin\b/im;

export interface LazyPreview {
  /** What `activate` returns for VS Code's Markdown preview (`markdown.markdownItPlugins`). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/**
 * `client` resolves to the language client once extension.ts has created it (just after
 * activation), which is what `registerPreview` is given.
 */
export function registerLazyPreview(context: vscode.ExtensionContext, client: Promise<unknown>, hostPath = join(__dirname, 'preview-host.js')): LazyPreview {
  let host: typeof PreviewHost | undefined;
  let registering: Promise<void> | undefined;
  const standIns: vscode.Disposable[] = [];
  const load = (): typeof PreviewHost => (host ??= require(hostPath) as typeof PreviewHost);
  // Calls that arrive while this runs wait for it: the stand-ins stay until the real commands replace them.
  const register = (): Promise<void> =>
    (registering ??= (async () => {
      const resolved = await client;
      for (const standIn of standIns.splice(0)) standIn.dispose();
      load().registerPreview(context, resolved);
    })());

  for (const command of COMMANDS) {
    standIns.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await register();
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }
  // Until the panel is registered (it then keeps the key itself): the button on Markdown files
  // with a napkin fence.
  const updateContext = (editor: vscode.TextEditor | undefined): void => {
    const document = editor?.document;
    const has = !!document && (document.languageId === 'napkin' || /\.napkin$/i.test(document.uri.path) || napkinFence.test(document.getText()));
    void vscode.commands.executeCommand('setContext', HAS_FENCES_CONTEXT, has);
  };
  standIns.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) updateContext(vscode.window.activeTextEditor);
    }),
  );
  updateContext(vscode.window.activeTextEditor);
  context.subscriptions.push({ dispose: () => standIns.splice(0).forEach((standIn) => standIn.dispose()) });

  const precision = () => vscode.workspace.getConfiguration('napkin').get<number>('precision', 3);
  return { extendMarkdownIt: (md: MarkdownIt) => load().extendMarkdownIt(md, { precision }) };
}
