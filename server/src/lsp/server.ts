/**
 * The language server: a thin adapter from LSP to the core. Capabilities are declared in one
 * `onInitialize`; every handler looks the document up, answers empty when it is unknown, asks the
 * core with document offsets and converts the answer (convert.ts). Diagnostics are pushed after
 * every change, undebounced: the core is fast, and Neovim 0.7 and code-server only take pushes.
 */

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analysis';
import { emptyConfig, type NapkinConfig } from '../core/config';
import * as features from '../core/features/index';
import * as convert from './convert';
import { createAnalyses, type DocumentOptions } from './documents';
import { EditorDocument } from './editor-document';
import { defaultSettings, readSettings, type Settings } from './settings';

/** A project's configuration for one document, or why it could not be read. */
export type ProjectConfig = { readonly config: NapkinConfig; readonly source?: string } | { readonly errors: readonly string[] };

/** What the server gets from its platform; every member is optional (a browser has no files). */
export interface ServerEnvironment {
  /** The `.napkin.json` (or package.json `"napkin"` key) that applies to a document, if any. */
  configFor?(uri: string): ProjectConfig | undefined;
  /** Forgets configuration read so far: a configuration file changed. */
  reloadConfig?(): void;
}

export function startServer(connection: Connection, environment: ServerEnvironment = {}): void {
  // Edits go through the analyses, which carry a document's fences over an edit inside one; the
  // text is kept in pieces (`editor-document.ts`), so an edit does not copy the whole document.
  const documents = new TextDocuments<EditorDocument>({ create: EditorDocument.create, update: (document, changes, version) => analyses.update(document, changes, version) });
  let settings: Settings = defaultSettings;
  let client: ClientCapabilities = {};
  const projectConfigs = new Map<string, NapkinConfig>();
  const warned = new Set<string>();

  /** Warns once per distinct problem, so a broken config file does not nag on every keystroke. */
  const warn = (problems: readonly string[]) => {
    for (const problem of problems) {
      if (warned.has(problem)) continue;
      warned.add(problem);
      connection.console.warn(`napkin: ${problem}`);
      void connection.window.showWarningMessage(`Napkin: ${notificationText(problem)}`);
    }
  };

  const projectConfig = (uri: string): NapkinConfig => {
    let config = projectConfigs.get(uri);
    if (!config) {
      const found = environment.configFor?.(uri);
      if (found && 'errors' in found) warn(found.errors);
      config = found && 'config' in found ? found.config : emptyConfig;
      projectConfigs.set(uri, config);
    }
    return config;
  };

  /** The project file's precision and rules, with the editor's `napkin.rules` on top. */
  const optionsFor = (document: TextDocument): DocumentOptions => {
    const project = projectConfig(document.uri);
    const rules = settings.rules.size === 0 ? project.rules : new Map([...project.rules, ...settings.rules]);
    return { precision: project.precision ?? settings.precision, config: { ...project, rules } };
  };
  const analyses = createAnalyses(optionsFor);

  /** Everything derived from settings or configuration is stale: recompute and tell the client. */
  const refreshAll = () => {
    analyses.invalidate();
    documents.all().forEach(publish);
    if (client.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh();
  };

  /** Runs `answer` on the document's current analysis; `empty` for unknown documents or cancelled requests. */
  const withDocument = <T>(uri: string, token: CancellationToken | undefined, empty: T, answer: (document: TextDocument, analysis: Analysis) => T): T => {
    const document = documents.get(uri);
    if (!document || token?.isCancellationRequested) return empty;
    return answer(document, analyses.get(document));
  };

  /**
   * Pushes the document's diagnostics. It runs from notifications and from settings changes, where
   * nothing would catch an error: a failure (a core bug) is logged, never allowed to end the server.
   */
  const publish = (document: TextDocument) => {
    try {
      const diagnostics = analyses.diagnostics(document).map((d) => convert.diagnostic(document, d));
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      connection.console.error(`napkin: analysis of ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  };

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities;
    settings = readSettings((params.initializationOptions as { settings?: { napkin?: unknown } } | undefined)?.settings?.napkin);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '>', ':'], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        documentSymbolProvider: { label: 'Napkin' },
        semanticTokensProvider: { legend: convert.semanticTokensLegend, full: true, range: true },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        inlayHintProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'napkin', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'napkin' });
    }
    if (environment.configFor && client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.napkin.json' }, { globPattern: '**/package.json' }] });
    }
    void updateSettings(undefined);
  });

  connection.onDidChangeWatchedFiles(() => {
    environment.reloadConfig?.();
    projectConfigs.clear();
    warned.clear();
    refreshAll();
  });

  connection.onDidChangeConfiguration((change) => {
    void updateSettings((change.settings as { napkin?: unknown } | null | undefined)?.napkin);
  });

  /** Pulls `napkin.*` when the client can answer, else takes what it pushed; refreshes what changed. */
  const updateSettings = async (pushed: unknown) => {
    let next = pushed === undefined ? settings : readSettings(pushed);
    if (client.workspace?.configuration) {
      try {
        next = readSettings(await connection.workspace.getConfiguration('napkin'));
      } catch {
        // A client that announces configuration but fails the request keeps the current settings.
      }
    }
    const previous = settings;
    settings = next;
    warn(next.errors);
    const same = (a: Settings) => JSON.stringify({ ...a, rules: [...a.rules] });
    if (same(next) !== same(previous)) refreshAll();
  };

  documents.onDidChangeContent(({ document }) => publish(document));

  documents.onDidClose(({ document }) => {
    analyses.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }, token) =>
    withDocument(textDocument.uri, token, null, (document, analysis) => convert.hover(document, features.hover(analysis, convert.offset(document, position)))),
  );

  connection.onCompletion(({ textDocument, position }, token) =>
    withDocument(textDocument.uri, token, null, (document, analysis) => convert.completionList(document, features.completions(analysis, convert.offset(document, position)))),
  );

  connection.onDefinition(({ textDocument, position }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => convert.locations(document, features.definition(analysis, convert.offset(document, position)))),
  );

  connection.onReferences(({ textDocument, position, context }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) =>
      convert.locations(document, features.references(analysis, convert.offset(document, position), context.includeDeclaration)),
    ),
  );

  connection.onDocumentHighlight(({ textDocument, position }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => convert.documentHighlights(document, features.documentHighlights(analysis, convert.offset(document, position)))),
  );

  connection.onPrepareRename(({ textDocument, position }, token) =>
    withDocument(textDocument.uri, token, null, (document, analysis) => {
      const result = features.prepareRename(analysis, convert.offset(document, position));
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return { range: convert.range(document, result.start, result.end), placeholder: result.placeholder };
    }),
  );

  connection.onRenameRequest(({ textDocument, position, newName }, token) =>
    withDocument(textDocument.uri, token, null, (document, analysis) => {
      const result = features.rename(analysis, convert.offset(document, position), newName);
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return convert.workspaceEdit(document, result.edits);
    }),
  );

  connection.onDocumentSymbol(({ textDocument }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => {
      const symbols = features.documentSymbols(analysis);
      return client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport ? convert.documentSymbols(document, symbols) : convert.symbolInformation(document, symbols);
    }),
  );

  connection.languages.semanticTokens.on(({ textDocument }, token) =>
    withDocument(textDocument.uri, token, { data: [] }, (document, analysis) => convert.semanticTokens(document, features.semanticTokens(analysis))),
  );

  connection.languages.semanticTokens.onRange(({ textDocument, range }, token) =>
    withDocument(textDocument.uri, token, { data: [] }, (document, analysis) => convert.semanticTokens(document, features.semanticTokens(analysis, convert.offsets(document, range)))),
  );

  connection.onFoldingRanges(({ textDocument }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => convert.foldingRanges(document, features.foldingRanges(analysis))),
  );

  connection.onDocumentFormatting(({ textDocument }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => convert.textEdits(document, features.format(analysis))),
  );

  connection.onDocumentRangeFormatting(({ textDocument, range }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => convert.textEdits(document, features.format(analysis, convert.offsets(document, range)))),
  );

  connection.onCodeAction(({ textDocument, range, context }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => {
      const actions = convert.codeActions(document, features.codeActions(analysis, convert.offsets(document, range), analyses.diagnostics(document)));
      const only = context.only;
      return only ? actions.filter((action) => only.some((kind) => action.kind === kind || action.kind?.startsWith(`${kind}.`))) : actions;
    }),
  );

  connection.languages.inlayHint.on(({ textDocument, range }, token) =>
    withDocument(textDocument.uri, token, [], (document, analysis) => {
      const hints = settings.inlayHints;
      if (!hints.enabled) return [];
      const options = { quantities: hints.quantities, loads: hints.loads, bandwidth: hints.bandwidth };
      return features.inlayHints(analysis, convert.offsets(document, range), options).map((hint) => convert.inlayHint(document, hint));
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/**
 * Text for a notification. VS Code turns `[label](target)` in a notification into a link, and a
 * `command:` target runs a command when clicked; a problem quotes text from workspace files (a key
 * of .napkin.json, a setting), which an untrusted workspace controls. A space between `]` and `(`
 * keeps every character visible and no link.
 */
export function notificationText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
