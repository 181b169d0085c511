/**
 * The text edit behind `napkin sync`, as a function from text to text (no file system here).
 *
 * After each closed napkin fence that draws something, one generated block:
 *
 *     ```napkin
 *     …
 *     ```
 *                                       ← one blank line (inserted with the block)
 *     <!-- napkin:begin generated diagram (napkin sync; edit the napkin fence, not this block) hash=0123456789abcdef -->
 *     ```mermaid
 *     flowchart LR …
 *     ```
 *
 *     ```mermaid
 *     sequenceDiagram …
 *     ```
 *     <!-- napkin:end -->
 *
 * The block owns exactly what it inserted: the line break ending the fence's closing line, the
 * blank line, and the lines from the begin marker to the end marker (not the end marker's line
 * break, which was the fence's). Removing those bytes gives back the text as it was. Lines are
 * ended as the file ends its first line (`\r\n` or `\n`); inside a list item or block quote every
 * line carries the closing fence line's container prefix (`> `, indentation), so the block stays
 * inside the same container. The hash is over the block's content (prefixes stripped, `\n`
 * endings), so a hand edit shows as a mismatch.
 */

import { findFences, type Fence } from '../core/text/fences';
import { BLANK, beginMarker, contentHash, endMarker, findBlocks, splitLines, type Block, type Line, type SyncProblem } from './sync-markers';

export { stripBlocks, type SyncProblem } from './sync-markers';

export interface SyncOptions {
  /** Overwrite blocks whose content no longer matches their hash. */
  readonly force: boolean;
}

export interface SyncResult {
  /** The new text; equal to the input when nothing changed or an error stopped the edit. */
  readonly text: string;
  readonly problems: readonly SyncProblem[];
  /** Blocks inserted, replaced and removed. */
  readonly edits: number;
}

/**
 * Brings the generated blocks of `text` up to date. `napkin` is the document's napkin fences and
 * `diagrams[i]` the Mermaid texts of fence i (empty: it draws nothing, so it gets no block).
 */
export function syncBlocks(text: string, napkin: readonly Fence[], diagrams: readonly (readonly string[])[], options: SyncOptions): SyncResult {
  const lines = splitLines(text);
  const eol = /\r\n|\n|\r/.exec(text)?.[0] ?? '\n';
  const all = findFences(text);
  const { blocks, problems } = findBlocks(text, lines, all);
  if (problems.length > 0) return { text, problems, edits: 0 };

  const edited = blocks.filter((b) => contentHash(b.content) !== b.hash);
  if (edited.length > 0 && !options.force) {
    const list = edited.map((b) => ({ line: b.beginLine, message: 'this generated block was edited by hand (its content no longer matches its hash); move your changes into the napkin fence, or run napkin sync --force to overwrite them', severity: 'error' as const }));
    return { text, problems: list, edits: 0 };
  }

  const warnings: SyncProblem[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const attached = new Set<Block>();
  /** The diagrams that get a block (an unclosed or skipped fence gets none, so none is expected after the edit). */
  const placed: string[][] = [];
  napkin.forEach((fence, index) => {
    const wanted = diagrams[index] ?? [];
    const block = fence.closed ? blocks.find((b) => !attached.has(b) && onlyBlankBetween(text, lines, fence.closeLine, b.beginLine - 1)) : undefined;
    if (block) attached.add(block);
    if (wanted.length === 0) {
      if (block) edits.push({ start: block.regionStart, end: block.regionEnd, text: '' });
      return;
    }
    if (!fence.closed) {
      warnings.push({ line: fence.openLine + 1, message: 'this napkin fence is not closed, so no diagram block can follow it', severity: 'warning' });
      return;
    }
    const close = lines[fence.closeLine]!;
    const prefix = containerPrefix(text, close, fence.end);
    if (prefix === undefined) {
      warnings.push({ line: fence.closeLine + 1, message: 'skipped: the closing fence line has an unusual container prefix', severity: 'warning' });
      return;
    }
    const content = blockContent(wanted);
    const body = blockLines(content, prefix, eol);
    placed.push([...wanted]);
    if (block) {
      if (block.content !== content || block.hash !== contentHash(content) || text.slice(block.blockStart, block.blockEnd) !== body) {
        edits.push({ start: block.blockStart, end: block.blockEnd, text: body });
      }
    } else {
      edits.push({ start: close.end, end: close.end, text: eol + prefix.trimEnd() + eol + body });
    }
  });
  for (const block of blocks) if (!attached.has(block)) edits.push({ start: block.regionStart, end: block.regionEnd, text: '' });

  edits.sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  result += text.slice(at);
  const unsafe = edits.length > 0 ? placementProblem(result, napkin, placed) : undefined;
  if (unsafe) return { text, problems: [...warnings, { line: 1, message: unsafe, severity: 'error' }], edits: 0 };
  return { text: result, problems: warnings, edits: edits.length };
}

/** The content of a block: each diagram as its own ```mermaid fence, a blank line between. */
function blockContent(diagrams: readonly string[]): string {
  return diagrams
    .map((d) => {
      const body = d.endsWith('\n') ? d : d + '\n';
      const longest = [...body.matchAll(/`{3,}/g)].reduce((max, m) => Math.max(max, m[0].length), 0);
      const fence = '`'.repeat(Math.max(3, longest + 1));
      return `${fence}mermaid\n${body}${fence}\n`;
    })
    .join('\n');
}

function blockLines(content: string, prefix: string, eol: string): string {
  const inner = content.slice(0, -1).split('\n');
  const all = [beginMarker(contentHash(content)), ...inner, endMarker];
  return all.map((line) => (line === '' ? prefix.trimEnd() : prefix + line)).join(eol);
}

/** Text before the closing fence on its line, if it is made of container markers and indentation only. */
function containerPrefix(text: string, close: Line, fenceEnd: number): string | undefined {
  let first = fenceEnd;
  while (first > close.start && (text[first - 1] === '`' || text[first - 1] === '~')) first--;
  const prefix = text.slice(close.start, first);
  return /^[ >]*$/.test(prefix) ? prefix : undefined;
}

/** True when the line `after` comes before the line `before` with only blank lines between them (0-based). */
function onlyBlankBetween(text: string, lines: readonly Line[], after: number, before: number): boolean {
  if (before <= after) return false;
  for (let i = after + 1; i < before; i++) if (!BLANK.test(text.slice(lines[i]!.start, lines[i]!.end))) return false;
  return true;
}

/**
 * Checks the edit against a Markdown reading of the result: the napkin fences read exactly as
 * before, and each generated diagram is a ```mermaid fence with exactly its text. Anything else
 * (a container the block escaped from, say) leaves the file alone.
 */
function placementProblem(after: string, napkin: readonly Fence[], diagrams: readonly (readonly string[])[]): string | undefined {
  const fences = findFences(after);
  const napkinAfter = fences.filter((f) => f.lang === 'napkin');
  if (napkinAfter.length !== napkin.length || napkinAfter.some((f, i) => f.content !== napkin[i]!.content)) {
    return 'the generated block would change how the napkin fences read; the file was left as it is';
  }
  const mermaid = fences.filter((f) => f.lang === 'mermaid').map((f) => f.content);
  for (const wanted of diagrams.flat()) {
    if (!mermaid.includes(wanted.endsWith('\n') ? wanted : wanted + '\n')) return 'a generated diagram would not read as a ```mermaid block here; the file was left as it is';
  }
  return undefined;
}
