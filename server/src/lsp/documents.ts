/**
 * One analysis per document version (and text), shared by diagnostics and every request on it.
 * Each document keeps its own parse cache, so an edit re-parses only the fences whose text
 * changed; the cache holds one version's fences and never grows. Requests always read the newest
 * version `TextDocuments` holds: a request that arrives after an edit is answered for the edit.
 */

import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyze, createParseCache, type Analysis, type Language, type ParseCache } from '../core/analysis';
import { applyConfig, type NapkinConfig } from '../core/config';
import type { Diagnostic } from '../core/diagnostics';
import { applySuppressions } from '../core/suppressions';
import { fencesAfterEdit, type TextEdit } from '../core/text/fence-edits';
import type { Fence } from '../core/text/fences';
import { EditorDocument } from './editor-document';

/** What an analysis depends on besides the text: display precision, assumptions, rule severities. */
export interface DocumentOptions {
  readonly precision: number;
  readonly config: NapkinConfig;
}

interface Entry {
  readonly cache: ParseCache;
  version: number;
  /**
   * The text the analysis was made from. A client that repeats a version number (or sends one
   * that goes backwards) must not get the analysis of older text: the version alone is not trusted.
   */
  text: string | undefined;
  options: DocumentOptions | undefined;
  analysis: Analysis | undefined;
  /** The diagnostics shown: suppression comments, then rule severities, applied. */
  diagnostics: readonly Diagnostic[] | undefined;
  /** The napkin fences of `fencesOf`, carried over edits so that most edits need no new scan. */
  fences: readonly Fence[] | undefined;
  fencesOf: string | undefined;
}

export interface Analyses {
  /** The analysis of the document's current version, computed at most once per version. */
  get(document: TextDocument): Analysis;
  /** The diagnostics to show for the current version: suppressions and rule settings applied. */
  diagnostics(document: TextDocument): readonly Diagnostic[];
  forget(uri: string): void;
  /** Drops every analysis (not the parse caches): settings or configuration changed. */
  invalidate(): void;
  /**
   * `EditorDocument.update` for `TextDocuments`, one change at a time, so that the fences known for
   * the text before each change can be carried over it.
   */
  update(document: EditorDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): EditorDocument;
}

export function createAnalyses(optionsFor: (document: TextDocument) => DocumentOptions): Analyses {
  const entries = new Map<string, Entry>();
  const current = (document: TextDocument): Entry & { analysis: Analysis } => {
    let entry = entries.get(document.uri);
    if (!entry) {
      entry = { cache: createParseCache(), version: -1, text: undefined, options: undefined, analysis: undefined, diagnostics: undefined, fences: undefined, fencesOf: undefined };
      entries.set(document.uri, entry);
    }
    // The same string object while the document is unchanged, so this is usually a pointer check.
    // A client that opened a document with text that is not a string gets it analysed as empty.
    const raw: unknown = document.getText();
    const text = typeof raw === 'string' ? raw : '';
    if (!entry.analysis || !entry.options || entry.version !== document.version || entry.text !== text) {
      const options = optionsFor(document);
      // Let go of the previous version first: a collection in the middle of this analysis then has
      // only this one to copy (requests still answering on the old one hold it themselves).
      entry.analysis = undefined;
      entry.diagnostics = undefined;
      entry.text = undefined;
      const language = languageOf(document);
      const fences = entry.fencesOf === text ? entry.fences : undefined;
      entry.analysis = analyze(text, { language, precision: options.precision, assume: options.config.assume, cache: entry.cache, fences });
      entry.fences = language === 'markdown' ? entry.analysis.fences.map((f) => f.fence) : undefined;
      entry.fencesOf = entry.fences && text;
      entry.options = options;
      entry.version = document.version;
      entry.text = text;
    }
    return entry as Entry & { analysis: Analysis };
  };
  return Object.freeze({
    get: (document: TextDocument): Analysis => current(document).analysis,
    diagnostics(document: TextDocument): readonly Diagnostic[] {
      const entry = current(document);
      entry.diagnostics ??= applyConfig(applySuppressions(entry.analysis, entry.analysis.diagnostics), entry.options!.config);
      return entry.diagnostics;
    },
    forget(uri: string): void {
      entries.delete(uri);
    },
    invalidate(): void {
      for (const entry of entries.values()) entry.analysis = undefined;
    },
    update(document: EditorDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): EditorDocument {
      const entry = entries.get(document.uri);
      // A client may send anything: a change that is not an object changes nothing.
      const valid = Array.isArray(changes) ? changes.filter((change) => change !== null && typeof change === 'object') : [];
      for (const change of valid) {
        // Whether the fences known are this text's: getText() is the same string until the next change.
        const known = entry?.fencesOf !== undefined && entry.fencesOf === document.getText();
        const edit = known ? editOf(document, change) : undefined;
        const length = document.length;
        EditorDocument.update(document, [change], version);
        if (!entry || !known) continue;
        entry.fences = edit && entry.fences && fencesAfterEdit(entry.fences, edit, length, (offset) => document.charCodeAt(offset));
        entry.fencesOf = entry.fences && document.getText();
      }
      // No changes still makes a new version.
      return valid.length === 0 ? EditorDocument.update(document, [], version) : document;
    },
  });
}

/** An incremental change in offsets of the document before it (as `TextDocument.update` reads it), or undefined for a whole-text change. */
function editOf(document: TextDocument, change: TextDocumentContentChangeEvent): TextEdit | undefined {
  if (!('range' in change) || !change.range) return undefined;
  const a = document.offsetAt(change.range.start);
  const b = document.offsetAt(change.range.end);
  return { start: Math.min(a, b), end: Math.max(a, b), text: change.text };
}

/** `napkin` for the napkin language or a `.napkin` file; Markdown (fences only) otherwise. */
export function languageOf(document: TextDocument): Language {
  if (document.languageId === 'napkin') return 'napkin';
  if (document.languageId === 'markdown') return 'markdown';
  return /\.napkin$/i.test(document.uri) ? 'napkin' : 'markdown';
}
