/**
 * The blocks `napkin sync` owns in a Markdown text: finding them (begin marker, content, end
 * marker, outside any code fence) and the exact span each one owns, so that removing them gives
 * back the text as it was before sync inserted them.
 */

import { findFences, type Fence } from '../core/text/fences';

export interface SyncProblem {
  /** 1-based line of the block or fence concerned. */
  readonly line: number;
  readonly message: string;
  /** `error`: the file is left alone (exit 2); `warning`: that fence is skipped. */
  readonly severity: 'error' | 'warning';
}

export interface Line {
  readonly start: number;
  /** Before the line break. */
  readonly end: number;
  /** Where the next line starts. */
  readonly next: number;
}

export interface Block {
  readonly beginLine: number;
  /** Offsets: the begin marker line's start, the end marker line's end (before its break). */
  readonly blockStart: number;
  readonly blockEnd: number;
  /** What removing the block removes: from the end of the line before it (and one blank line). */
  readonly regionStart: number;
  readonly regionEnd: number;
  readonly hash: string;
  readonly content: string;
}

const BEGIN = /^([ \t>]*)<!-- napkin:begin\b[^\n]*?\bhash=([0-9a-f]+) -->[ \t]*$/;
const END = /^[ \t>]*<!-- napkin:end -->[ \t]*$/;
export const BLANK = /^[ \t>]*$/;

export function beginMarker(hash: string): string {
  return `<!-- napkin:begin generated diagram (napkin sync; edit the napkin fence, not this block) hash=${hash} -->`;
}
export const endMarker = '<!-- napkin:end -->';

/** A short hash of a block's content (16 hex digits of SHA-256). */
export function contentHash(content: string): string {
  // Loaded on first use: only `sync` hashes, and crypto adds about 7 ms to every launch.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 16);
}

/** Removes every generated block: sync's output minus its blocks is its input, byte for byte. */
export function stripBlocks(text: string): string {
  const { blocks } = findBlocks(text, splitLines(text), findFences(text));
  let result = '';
  let at = 0;
  for (const block of blocks) {
    result += text.slice(at, block.regionStart);
    at = block.regionEnd;
  }
  return result + text.slice(at);
}

/** Every generated block, in order; a begin marker without an end marker is a problem. */
export function findBlocks(text: string, lines: readonly Line[], fences: readonly Fence[]): { blocks: Block[]; problems: SyncProblem[] } {
  const blocks: Block[] = [];
  const problems: SyncProblem[] = [];
  const insideFence = (offset: number) => fences.some((f) => offset >= f.start && offset < f.end);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const begin = BEGIN.exec(text.slice(line.start, line.end));
    if (!begin || insideFence(line.start + begin[1]!.length)) continue;
    let j = i + 1;
    while (j < lines.length && !(END.test(text.slice(lines[j]!.start, lines[j]!.end)) && !insideFence(lines[j]!.start))) j++;
    if (j >= lines.length) {
      problems.push({ line: i + 1, message: `this generated block has no ${endMarker} line; restore it or delete the block`, severity: 'error' });
      break;
    }
    const prefix = begin[1]!;
    const content = lines
      .slice(i + 1, j)
      .map((l) => stripPrefix(text.slice(l.start, l.end), prefix))
      .join('\n');
    const region = regionOf(text, lines, i, j);
    blocks.push({ beginLine: i + 1, blockStart: line.start, blockEnd: lines[j]!.end, ...region, hash: begin[2]!, content: content === '' ? '' : content + '\n' });
    i = j;
  }
  return { blocks, problems };
}

/** From the end of the line before the block (before one blank line, if there is one) to the end marker's end. */
function regionOf(text: string, lines: readonly Line[], begin: number, end: number): { regionStart: number; regionEnd: number } {
  if (begin === 0) return { regionStart: lines[0]!.start, regionEnd: lines[end]!.next };
  let before = begin - 1;
  if (before > 0 && BLANK.test(text.slice(lines[before]!.start, lines[before]!.end))) before--;
  return { regionStart: lines[before]!.end, regionEnd: lines[end]!.end };
}

function stripPrefix(line: string, prefix: string): string {
  if (line.startsWith(prefix)) return line.slice(prefix.length);
  const bare = prefix.trimEnd();
  return line.startsWith(bare) ? line.slice(bare.length).replace(/^[ \t]/, '') : line;
}

/** The lines of a text (a byte order mark is not part of the first); a final line break starts an empty last line. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    lines.push({ start, end, next: Math.min(next, text.length) });
    if (end >= text.length) break;
    start = next;
  }
  return lines;
}
