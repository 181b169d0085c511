/**
 * Editor features over an `Analysis`: pure functions from the analysis (and an offset or range in
 * document offsets) to plain data. The language server converts their results to LSP shapes.
 */

export { codeActions, type CodeAction } from './code-actions';
export { completions, type CompletionItem, type CompletionKind, type CompletionResult } from './completion';
export { foldingRanges, type FoldingRange } from './folding';
export { format } from './format';
export { hover, type HoverResult } from './hover';
export { inlayHints, type HintPart, type InlayHint, type InlayHintOptions } from './inlay-hints';
export { definition, documentHighlights, references, type Occurrence, type Span } from './navigation';
export { readingsIn, type Reading } from './readings';
export { prepareRename, rename, type PrepareRenameResult, type RenameResult, type TextEdit } from './rename';
export { semanticTokens, tokenModifiers, tokenTypes, type SemanticToken, type TokenModifier, type TokenType } from './semantic-tokens';
export { documentSymbols, type DocumentSymbol, type SymbolKind } from './symbols';
