/**
 * Inline suppressions: comments inside napkin fences that silence diagnostics.
 *
 *     # napkin-disable-next-line N401, single-point-of-failure   ← the next line only
 *     # napkin-disable-line N403                                  ← the line of the comment
 *     # napkin-disable N406                                       ← from here …
 *     # napkin-enable N406                                        ← … to here (or to the end of the document)
 *
 * `//` works like `#`. Codes or aliases, separated by commas or spaces; none means every rule.
 * Text after ` -- ` is a reason and is ignored. Ranges follow document order across fences. A code
 * that names no rule is reported as N005 (unknown-suppression) on the code itself.
 */

import type { Analysis } from './analysis';
import { diagnostic, findRule, type Diagnostic } from './diagnostics';

type Directive = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

interface Comment {
  readonly directive: Directive;
  readonly start: number;
  readonly end: number;
  /** Rule codes; empty for every rule. */
  readonly codes: readonly string[];
}

/** After a range directive: which rules are off from `at` on. */
interface RangeState {
  readonly at: number;
  /** true: every rule is off except `codes`; false: only `codes` are off. */
  readonly all: boolean;
  readonly codes: ReadonlySet<string>;
}

const directivePattern = /^(?:#|\/\/)\s*napkin-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/;

/**
 * The diagnostics that no suppression comment of the document silences, plus an N005 warning
 * for every unknown code in those comments. Run it before `applyConfig`, so that config can set
 * N005's severity too.
 */
export function applySuppressions(analysis: Pick<Analysis, 'text' | 'fences'>, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const { comments, unknown } = suppressionComments(analysis);
  if (comments.length === 0 && unknown.length === 0) return [...diagnostics];
  const lines = lineSpans(analysis.text, comments);
  const ranges = rangeStates(comments);
  const kept = diagnostics.filter((d) => !lines.some((l) => d.start >= l.start && d.start <= l.end && covers(l.codes, d.code)) && !inDisabledRange(ranges, d));
  return [...kept, ...unknown].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Every suppression comment of the document, in document order, and N005 for unknown codes. */
export function suppressionComments(analysis: Pick<Analysis, 'text' | 'fences'>): { comments: Comment[]; unknown: Diagnostic[] } {
  const comments: Comment[] = [];
  const unknown: Diagnostic[] = [];
  for (const { fence, parse } of analysis.fences) {
    for (const span of parse.comments) {
      const start = fence.contentStart + span.start;
      // From the fence's own text (the same characters): an editor's document is read only where needed.
      const text = fence.text.slice(span.start, span.end);
      const match = directivePattern.exec(text);
      if (!match) continue;
      const directive = match[1] as Directive;
      const listStart = start + text.length - match[2]!.length;
      const list = match[2]!.split(/\s--\s|\s--$/)[0]!;
      const codes: string[] = [];
      for (const word of list.matchAll(/[^\s,]+/g)) {
        const rule = findRule(word[0]);
        if (rule) codes.push(rule.code);
        else {
          const at = listStart + word.index!;
          unknown.push(diagnostic('unknownSuppression', at, at + word[0].length, `\`${word[0]}\` is not a rule code or alias, so \`napkin-${directive}\` does not suppress it; rules are listed in docs/rules/.`));
        }
      }
      // A comment whose codes are all unknown suppresses nothing rather than everything.
      if (codes.length === 0 && list.trim() !== '') continue;
      comments.push({ directive, start, end: start + text.length, codes });
    }
  }
  comments.sort((a, b) => a.start - b.start);
  return { comments, unknown };
}

function covers(codes: readonly string[], code: string): boolean {
  return codes.length === 0 || codes.includes(code);
}

/** The document line each line directive silences: [start, end] of that line, without its break. */
function lineSpans(text: string, comments: readonly Comment[]): { start: number; end: number; codes: readonly string[] }[] {
  const spans: { start: number; end: number; codes: readonly string[] }[] = [];
  for (const comment of comments) {
    if (comment.directive === 'disable-line') spans.push({ ...lineAt(text, comment.start), codes: comment.codes });
    if (comment.directive === 'disable-next-line') {
      const current = lineAt(text, comment.start);
      if (current.next > current.end) spans.push({ ...lineAt(text, current.next), codes: comment.codes });
    }
  }
  return spans;
}

/** The line holding `offset`: its start, its end before the line break, and the next line's start. */
function lineAt(text: string, offset: number): { start: number; end: number; next: number } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : Math.min(text.length, end + 1);
  return { start, end, next };
}

function rangeStates(comments: readonly Comment[]): RangeState[] {
  const states: RangeState[] = [];
  let all = false;
  let codes = new Set<string>();
  for (const comment of comments) {
    if (comment.directive !== 'disable' && comment.directive !== 'enable') continue;
    const disable = comment.directive === 'disable';
    if (comment.codes.length === 0) {
      all = disable;
      codes = new Set();
    } else {
      codes = new Set(codes);
      // With every rule off, `codes` lists the exceptions; otherwise the rules that are off.
      for (const code of comment.codes) {
        if (disable === all) codes.delete(code);
        else codes.add(code);
      }
    }
    states.push({ at: comment.end, all, codes });
  }
  return states;
}

function inDisabledRange(states: readonly RangeState[], d: Diagnostic): boolean {
  let state: RangeState | undefined;
  for (const s of states) {
    if (s.at > d.start) break;
    state = s;
  }
  if (!state) return false;
  return state.all ? !state.codes.has(d.code) : state.codes.has(d.code);
}
