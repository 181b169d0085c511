/**
 * The one place where core results (document offsets, plain data) become LSP objects (line and
 * UTF-16 character positions). JS string offsets are UTF-16 code units already, so
 * `positionAt`/`offsetAt` are all the conversion there is.
 */

import * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as CoreDiagnostic, Severity } from '../core/diagnostics';
import type * as core from '../core/features/index';
import { tokenModifiers, tokenTypes } from '../core/features/index';

const RULE_DOCS = 'https://github.com/napkin-dev/napkin/blob/main/docs/rules/';

export function offset(document: TextDocument, position: lsp.Position): number {
  return document.offsetAt(position);
}

export function range(document: TextDocument, start: number, end: number): lsp.Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function offsets(document: TextDocument, lspRange: lsp.Range): { start: number; end: number } {
  return { start: document.offsetAt(lspRange.start), end: document.offsetAt(lspRange.end) };
}

const severities: Record<Severity, lsp.DiagnosticSeverity> = {
  error: lsp.DiagnosticSeverity.Error,
  warning: lsp.DiagnosticSeverity.Warning,
  info: lsp.DiagnosticSeverity.Information,
  hint: lsp.DiagnosticSeverity.Hint,
};

/** The fixes travel in `data` as ready-made LSP edits, so any client can apply them. */
export interface DiagnosticData {
  readonly version: number;
  readonly fixes: readonly { readonly title: string; readonly edits: readonly lsp.TextEdit[]; readonly preferred?: boolean }[];
}

export function diagnostic(document: TextDocument, d: CoreDiagnostic): lsp.Diagnostic {
  const data: DiagnosticData = {
    version: document.version,
    fixes: (d.fixes ?? []).map((fix) => ({ title: fix.title, edits: textEdits(document, fix.edits), preferred: fix.preferred })),
  };
  return {
    range: range(document, d.start, d.end),
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: `${RULE_DOCS}${d.code}.md` },
    source: 'napkin',
    message: d.message,
    ...(d.code === 'N407' ? { tags: [lsp.DiagnosticTag.Unnecessary] } : {}),
    ...(d.related?.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: document.uri, range: range(document, r.start, r.end) }, message: r.message })) }
      : {}),
    data,
  };
}

export function hover(document: TextDocument, result: core.HoverResult | undefined): lsp.Hover | null {
  if (!result) return null;
  return { contents: { kind: lsp.MarkupKind.Markdown, value: result.markdown }, range: range(document, result.start, result.end) };
}

export function inlayHint(document: TextDocument, hint: core.InlayHint): lsp.InlayHint {
  return {
    position: document.positionAt(hint.offset),
    label: hint.parts.map((part) => ({
      value: part.text,
      ...(part.target ? { location: { uri: document.uri, range: range(document, part.target.start, part.target.end) } } : {}),
    })),
    tooltip: { kind: lsp.MarkupKind.Markdown, value: hint.tooltip },
    paddingLeft: true,
  };
}

const completionKinds: Record<core.CompletionKind, lsp.CompletionItemKind> = {
  keyword: lsp.CompletionItemKind.Keyword,
  kind: lsp.CompletionItemKind.Class,
  quantity: lsp.CompletionItemKind.Variable,
  component: lsp.CompletionItemKind.Module,
  property: lsp.CompletionItemKind.Property,
  value: lsp.CompletionItemKind.EnumMember,
  unit: lsp.CompletionItemKind.Unit,
  function: lsp.CompletionItemKind.Function,
  member: lsp.CompletionItemKind.Field,
  assumption: lsp.CompletionItemKind.Constant,
};

export function completionList(document: TextDocument, result: core.CompletionResult): lsp.CompletionList {
  const replace = range(document, result.start, result.end);
  return {
    isIncomplete: false,
    items: result.items.map((item) => ({
      label: item.label,
      kind: completionKinds[item.kind],
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.documentation ? { documentation: { kind: lsp.MarkupKind.Markdown, value: item.documentation } } : {}),
      ...(item.sortText ? { sortText: item.sortText } : {}),
      textEdit: { range: replace, newText: item.insertText ?? item.label },
    })),
  };
}

export function locations(document: TextDocument, spans: readonly core.Span[]): lsp.Location[] {
  return spans.map((span) => ({ uri: document.uri, range: range(document, span.start, span.end) }));
}

export function documentHighlights(document: TextDocument, occurrences: readonly core.Occurrence[]): lsp.DocumentHighlight[] {
  return occurrences.map((o) => ({
    range: range(document, o.start, o.end),
    kind: o.kind === 'definition' ? lsp.DocumentHighlightKind.Write : lsp.DocumentHighlightKind.Read,
  }));
}

export function textEdits(document: TextDocument, edits: readonly core.TextEdit[]): lsp.TextEdit[] {
  return edits.map((edit) => ({ range: range(document, edit.start, edit.end), newText: edit.text }));
}

export function workspaceEdit(document: TextDocument, edits: readonly core.TextEdit[]): lsp.WorkspaceEdit {
  return { changes: { [document.uri]: textEdits(document, edits) } };
}

const symbolKinds: Record<core.SymbolKind, lsp.SymbolKind> = {
  variable: lsp.SymbolKind.Variable,
  constant: lsp.SymbolKind.Constant,
  class: lsp.SymbolKind.Class,
  object: lsp.SymbolKind.Object,
  namespace: lsp.SymbolKind.Namespace,
  event: lsp.SymbolKind.Event,
  function: lsp.SymbolKind.Function,
  boolean: lsp.SymbolKind.Boolean,
};

export function documentSymbols(document: TextDocument, symbols: readonly core.DocumentSymbol[]): lsp.DocumentSymbol[] {
  return symbols.map((symbol) => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: symbolKinds[symbol.kind],
    range: range(document, symbol.start, symbol.end),
    selectionRange: range(document, symbol.selectionStart, symbol.selectionEnd),
    children: documentSymbols(document, symbol.children),
  }));
}

/** For clients without hierarchical symbols: the same, flattened, children naming their container. */
export function symbolInformation(document: TextDocument, symbols: readonly core.DocumentSymbol[], container?: string): lsp.SymbolInformation[] {
  return symbols.flatMap((symbol) => [
    { name: symbol.name, kind: symbolKinds[symbol.kind], location: { uri: document.uri, range: range(document, symbol.start, symbol.end) }, ...(container ? { containerName: container } : {}) },
    ...symbolInformation(document, symbol.children, symbol.name),
  ]);
}

export const semanticTokensLegend: lsp.SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

/** Relative encoding: line delta, start delta, length, type index, modifier bits. */
export function semanticTokens(document: TextDocument, tokens: readonly core.SemanticToken[]): lsp.SemanticTokens {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const token of tokens) {
    const position = document.positionAt(token.start);
    const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << tokenModifiers.indexOf(m)), 0);
    data.push(position.line - line, position.line === line ? position.character - character : position.character, token.length, tokenTypes.indexOf(token.type), modifiers);
    line = position.line;
    character = position.character;
  }
  return { data };
}

export function foldingRanges(document: TextDocument, ranges: readonly core.FoldingRange[]): lsp.FoldingRange[] {
  return ranges
    .map((r) => ({ startLine: document.positionAt(r.start).line, endLine: document.positionAt(r.end).line, kind: r.kind === 'comment' ? lsp.FoldingRangeKind.Comment : lsp.FoldingRangeKind.Region }))
    .filter((r) => r.endLine > r.startLine);
}

export function codeActions(document: TextDocument, actions: readonly core.CodeAction[]): lsp.CodeAction[] {
  return actions.map((action) => ({
    title: action.title,
    kind: action.kind === 'quickfix' ? lsp.CodeActionKind.QuickFix : lsp.CodeActionKind.RefactorRewrite,
    ...(action.diagnostic ? { diagnostics: [diagnostic(document, action.diagnostic)] } : {}),
    ...(action.preferred ? { isPreferred: true } : {}),
    edit: workspaceEdit(document, action.edits),
  }));
}
