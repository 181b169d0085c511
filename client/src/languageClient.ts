/**
 * The language client: everything that needs `vscode-languageclient`, bundled on its own as
 * dist/language-client.js. extension.ts loads it right after `activate` has returned, so activation
 * neither reads nor evaluates the language client; the server is spawned in that same turn.
 */

import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions } from 'vscode-languageclient/node';
import { serverOptions } from './server';
import { registerStatus } from './status';

/** Creates the client (not started) and the status item that follows it. */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
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
  registerStatus(context, napkin);
  return napkin;
}

/** Restarts a running server; starts one that stopped or failed to start. */
export function restartOrStart(napkin: LanguageClient): Promise<void> {
  return napkin.state === State.Running ? napkin.restart() : napkin.start();
}

/**
 * Stops the client. One that is still starting cannot be stopped yet (the language client throws):
 * let it finish starting (or fail to), then stop it, so its server never outlives the extension.
 */
export async function stopLanguageClient(napkin: LanguageClient): Promise<void> {
  if (napkin.state === State.Starting) await napkin.start().catch(() => undefined);
  if (napkin.state === State.Running) await napkin.stop();
}
