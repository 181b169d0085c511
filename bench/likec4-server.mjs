// LikeC4's language services as a stdio language server, for the side-by-side LSP benchmark.
//
// likec4 1.46.0 is the last release whose `engines` allow Node 20, and it has no `lsp` command (the
// VS Code extension ships its own server build; `@likec4/language-server` is not on npm). The
// package does contain the whole Langium language server, though: LikeC4.fromWorkspace() builds
// the services with the LSP module (TextDocuments, DocumentUpdateHandler, DocumentBuilder with
// validation), only without a connection. This file supplies the connection and wires those
// services exactly as Langium's startLanguageServer does for document sync and diagnostics:
//   TextDocuments.onDidChangeContent → DocumentUpdateHandler.didChangeContent → (workspace lock)
//   DocumentBuilder.update → Validated phase → textDocument/publishDiagnostics.
// Everything else LikeC4's real server does on an edit (model parsed handlers, preview updates)
// is left out, so this can only flatter LikeC4.
//
//   node bench/likec4-server.mjs WORKSPACE_DIR --stdio
import { LikeC4 } from 'likec4';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

const workspace = process.argv[2];
// Keep stdout for JSON-RPC: LikeC4 logs there.
console.log = console.info = console.warn = console.debug = (...args) => process.stderr.write(args.join(' ') + '\n');

const likec4 = await LikeC4.fromWorkspace(workspace, { logger: false, printErrors: false, graphviz: 'wasm', watch: false });
const services = likec4.langium;
const shared = services.shared;
const documents = shared.workspace.TextDocuments;
const updates = shared.lsp.DocumentUpdateHandler;
const builder = shared.workspace.DocumentBuilder;
const connection = createConnection(ProposedFeatures.all);

/** The version TextDocuments holds for a URI, so diagnostics say which edit they answer. */
const versionOf = (uri) => documents.get(uri)?.version;

builder.onBuildPhase(/* DocumentState.Validated */ 6, (built) => {
  for (const document of built) {
    const uri = document.uri.toString();
    if (!documents.get(uri)) continue;
    connection.sendDiagnostics({ uri, version: versionOf(uri), diagnostics: document.diagnostics ?? [] });
  }
});

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: { openClose: true, change: 2 } },
  serverInfo: { name: 'likec4 (language services of likec4 1.46.0)', version: '1.46.0' },
}));
documents.onDidOpen((change) => updates.didOpenDocument?.(change));
documents.onDidChangeContent((change) => updates.didChangeContent(change));
documents.onDidClose((change) => updates.didCloseDocument?.(change));
documents.listen(connection);
connection.listen();
