/**
 * The VS Code extension: starts the Napkin language server for Markdown and `.napkin` documents,
 * shows the active design's problems in the status bar, and offers `Napkin: Restart Language
 * Server`. Everything language-related happens in the server; this file only wires VS Code to it.
 */

import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions } from 'vscode-languageclient/node';
import { registerLazyPreview } from './lazyPreview';
import { serverOptions } from './server';
import { registerStatus } from './status';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext) {
  const outputChannel = vscode.window.createOutputChannel('Napkin', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['file', 'untitled'].flatMap((scheme) => [
      { scheme, language: 'markdown' },
      { scheme, language: 'napkin' },
    ]),
    synchronize: {
      configurationSection: 'napkin',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.napkin.json'),
    },
    diagnosticCollectionName: 'napkin',
    outputChannel,
  };
  const napkin = new LanguageClient('napkin', 'Napkin', serverOptions(context), clientOptions);
  client = napkin;

  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('napkin.restartServer', () => run(restartOrStart(napkin))),
  );
  registerStatus(context, napkin);

  // Not awaited: activation (and with it the Markdown preview, which waits for it) must not wait
  // for the server. Hints, hover and the rest appear once it has initialized.
  void run(napkin.start());

  // The preview panel, and napkin fences as diagrams in VS Code's Markdown preview (the Markdown
  // extension calls `extendMarkdownIt` on the object activate returns). Both live in
  // dist/preview-host.js with the core, loaded on first use (lazyPreview.ts), so activation loads
  // only the language client.
  const preview = registerLazyPreview(context, napkin);
  return { extendMarkdownIt: preview.extendMarkdownIt };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** Restarts a running server; starts one that stopped or failed to start. */
function restartOrStart(napkin: LanguageClient): Promise<void> {
  return napkin.state === State.Running ? napkin.restart() : napkin.start();
}

/**
 * Runs a client operation without letting it reject into VS Code. A failed start is already shown
 * to the user by the client (a notification and the "Napkin" output); anything else is logged there.
 */
async function run(operation: Promise<void>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    client?.error('Napkin language server', error, false);
  }
}
