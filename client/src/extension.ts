/**
 * The VS Code extension: starts the Napkin language server for Markdown and `.napkin` documents,
 * shows the active design's problems in the status bar, and offers `Napkin: Restart Language
 * Server`. Everything language-related happens in the server; this file only wires VS Code to it.
 *
 * Activation is kept to what must exist when `activate` returns (the commands, the Markdown
 * preview plugin), and so is this bundle: the language client (dist/language-client.js:
 * languageClient.ts with vscode-languageclient, over 400 KB) is loaded and started in the next turn
 * of the event loop, and the preview host (dist/preview-host.js, with the core) on first use
 * (lazyPreview.ts). VS Code, and the Markdown preview, which waits for activation, go on meanwhile;
 * the server starts no later than before.
 */

import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as LanguageClientModule from './languageClient';
import { registerLazyPreview } from './lazyPreview';

/** The language client's bundle, next to this one in dist/. */
const languageClientPath = join(__dirname, 'language-client.js');
const loadLanguageClient = () => require(languageClientPath) as typeof LanguageClientModule;

/** The client once it exists; undefined when the extension was deactivated before that. */
let client: Promise<LanguageClient | undefined> | undefined;
let deactivated = false;

export function activate(context: vscode.ExtensionContext) {
  deactivated = false;
  const outputChannel = vscode.window.createOutputChannel('Napkin', { log: true });
  let lsp: typeof LanguageClientModule | undefined;
  const starting = new Promise<LanguageClient | undefined>((resolve) =>
    setImmediate(() => {
      if (deactivated) return resolve(undefined);
      // Read and compiled only here, after activation: a bundle of its own, not part of this one.
      lsp = loadLanguageClient();
      const napkin = lsp.createLanguageClient(context, outputChannel);
      // Not awaited: nothing waits for the server. Hints, hover and the rest appear once it has
      // initialized.
      void run(napkin, napkin.start());
      resolve(napkin);
    }),
  );
  client = starting;

  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('napkin.restartServer', async () => {
      const napkin = await starting;
      if (napkin && lsp) await run(napkin, lsp.restartOrStart(napkin));
    }),
  );

  // The preview panel, and napkin fences as diagrams in VS Code's Markdown preview (the Markdown
  // extension calls `extendMarkdownIt` on the object activate returns). Both live in
  // dist/preview-host.js with the core, loaded on first use (lazyPreview.ts).
  const preview = registerLazyPreview(context, starting);
  return { extendMarkdownIt: preview.extendMarkdownIt };
}

export async function deactivate(): Promise<void> {
  deactivated = true;
  const napkin = await client;
  client = undefined;
  if (napkin) await loadLanguageClient().stopLanguageClient(napkin);
}

/**
 * Runs a client operation without letting it reject into VS Code. A failed start is already shown
 * to the user by the client (a notification and the "Napkin" output); anything else is logged there.
 */
async function run(napkin: LanguageClient, operation: Promise<void>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    napkin.error('Napkin language server', error, false);
  }
}
