/**
 * Fenced code blocks in Markdown, found the way a CommonMark 0.31.2 renderer finds them.
 *
 * Whether a line of backticks opens a fence depends on its context: four spaces make it indented
 * code, an open `<div>` hides it, and a fence inside `> ` ends where its block quote ends. So this
 * is the block-structure pass of the CommonMark parsing strategy (spec appendix A, as the reference
 * parsers commonmark.js and cmark implement it) cut down to what decides where fences are: block quotes, list items, paragraphs
 * (lazy lines continue them and some blocks may not interrupt them), indented code, HTML blocks
 * and the one-line leaves (headings, thematic breaks). Inline content, lists as a whole (only their
 * items shape the containers) and link reference definitions are not parsed.
 *
 * One pass over the lines with an explicit stack of open blocks. Each line is looked at a constant
 * number of times and only fence lines are copied, so the scan is linear in the document.
 */

/** A fenced code block, located by UTF-16 offsets into the Markdown document. */
export interface Fence {
  /** First word of the info string, lower-cased (`napkin` for "```napkin title=x"); '' when none. */
  readonly lang: string;
  /** The whole info string, trimmed of spaces and tabs (backslash escapes and entities are not decoded). */
  readonly info: string;
  /** Offset of the opening fence's first backtick or tilde (after any container prefix and indentation). */
  readonly start: number;
  /** Offset just past the closing fence's last fence character; when unclosed, where the block ends. */
  readonly end: number;
  /** Offset of the start of the line after the opening fence. Equals `contentEnd` for an empty fence. */
  readonly contentStart: number;
  /** Start of the closing fence's line (so the content keeps its final line break) or, when unclosed, where the block ends. */
  readonly contentEnd: number;
  /**
   * The content as same-offset text: `text.length === contentEnd - contentStart` and `text[i]` is document character
   * `contentStart + i`, except that container prefixes (`>` and the space after it, list-item indentation) and the fence
   * indentation that CommonMark strips are spaces. Line breaks are kept as they are, so language tools parse `text` and
   * add `contentStart` to get document offsets.
   */
  readonly text: string;
  /**
   * The content as CommonMark defines it (what a renderer puts inside `<code>`): prefixes and fence indentation removed,
   * a partly consumed tab expanded to spaces, and every line ended by `\n`, whatever the document's line breaks.
   */
  readonly content: string;
  /** False when the fence runs to the end of the document or of its container without a closing fence. */
  readonly closed: boolean;
  /** 0-based line of the opening fence. */
  readonly openLine: number;
  /** 0-based line of the closing fence, or of the block's last line when unclosed. */
  readonly closeLine: number;
}

/** An open block on the parser's stack. Only the innermost open chain matters, so a stack is all the tree we keep. */
type Block =
  | { readonly kind: 'quote' | 'para' | 'code' }
  /** `indent`: columns a line needs to continue the item (marker offset + width + spaces); `empty` until it has a child. */
  | { readonly kind: 'item'; readonly indent: number; empty: boolean }
  | { readonly kind: 'html'; readonly type: number }
  | OpenFence;

interface OpenFence {
  readonly kind: 'fence';
  readonly char: number;
  readonly length: number;
  /** Columns of indentation before the opening fence: content lines lose up to that many. */
  readonly indent: number;
  readonly start: number;
  readonly line: number;
  readonly info: string;
  readonly contentStart: number;
  readonly text: string[];
  readonly content: string[];
  /**
   * Content lines taken whole (no container prefix, no part of a tab) are kept as one range of the
   * document, [runStart, runEnd), and sliced once: most fences are nothing but such lines.
   */
  runStart: number;
  runEnd: number;
}

const TAB = 9, LF = 10, CR = 13, SPACE = 32, HASH = 35, RPAREN = 41, STAR = 42, PLUS = 43, DASH = 45, DOT = 46;
const LT = 60, EQUALS = 61, GT = 62, UNDERSCORE = 95, BACKTICK = 96, TILDE = 126;

/** HTML block start conditions 1 to 7 (spec 4.6), tested on the line from its first non-space character. */
const HTML_OPEN = [
  /^<(?:script|pre|textarea|style)(?:\s|>|$)/i,
  /^<!--/,
  /^<\?/,
  /^<![A-Za-z]/,
  /^<!\[CDATA\[/,
  /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i,
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/,
];
/** End conditions of HTML block types 1 to 5; types 6 and 7 end at a blank line. */
const HTML_CLOSE = [/<\/(?:script|pre|textarea|style)>/i, /-->/, /\?>/, />/, /\]\]>/];

const isSpaceOrTab = (c: number): boolean => c === SPACE || c === TAB;

/** Every fenced code block of a Markdown document, in document order. */
export function findFences(markdown: string): Fence[] {
  const src = markdown;
  const fences: Fence[] = [];
  const stack: Block[] = [];
  // The current line: [lineStart, lineEnd) without its line break, which ends at lineNext.
  let line = 0, lineStart = 0, lineEnd = 0, lineNext = 0;
  // The cursor, as in commonmark.js: `column` counts tabs to the next multiple of 4, and `partial`
  // says the tab at `offset` is only partly consumed (its remaining columns belong to what follows).
  let offset = 0, column = 0, partial = false;
  // The next non-space character from the cursor, and how many columns away it is.
  let next = 0, nextColumn = 0, indent = 0, blank = false;
  // How many stack blocks the current line continued; the rest close unless the line is lazy.
  let matched = 0, allClosed = true;

  const at = (i: number): number => (i < lineEnd ? src.charCodeAt(i) : -1);

  function scan(): void {
    let i = offset, cols = column, c = at(i);
    for (; isSpaceOrTab(c); c = at(++i)) cols += c === TAB ? 4 - (cols % 4) : 1;
    next = i;
    nextColumn = cols;
    indent = cols - column;
    blank = c === -1;
  }
  function skipToNext(): void {
    offset = next;
    column = nextColumn;
    partial = false;
  }
  /** Moves over `count` characters, or over `count` columns when `columns` (possibly stopping inside a tab). */
  function advance(count: number, columns: boolean): void {
    while (count > 0 && offset < lineEnd) {
      const toTab = src.charCodeAt(offset) === TAB ? 4 - (column % 4) : 1;
      const step = columns ? Math.min(toTab, count) : toTab;
      partial = step < toTab;
      column += step;
      count -= columns ? step : 1;
      if (!partial) offset++;
    }
  }
  /** `>` and one optional space (a tab counts as one column of space here, the rest stays). */
  function skipQuoteMarker(): void {
    offset = next + 1;
    column = nextColumn + 1;
    partial = false;
    if (at(offset) === TAB) advance(1, true);
    else if (at(offset) === SPACE) {
      offset++;
      column++;
    }
  }
  /** Moves the run of whole lines into `text` and `content` (where every line break becomes \n). */
  function flushRun(f: OpenFence): void {
    if (f.runStart === f.runEnd) return;
    const run = src.slice(f.runStart, f.runEnd);
    f.text.push(run);
    f.content.push(run.includes('\r') ? run.replace(/\r\n?/g, '\n') : run);
    // The document's last line has no line break; content lines always end with one.
    if (f.runEnd === src.length && !/[\r\n]$/.test(run)) f.content.push('\n');
    f.runStart = f.runEnd;
  }
  function finish(f: OpenFence, end: number, contentEnd: number, closed: boolean, closeLine: number): void {
    flushRun(f);
    let word = 0;
    while (word < f.info.length && !isSpaceOrTab(f.info.charCodeAt(word))) word++;
    const content = joined(f.content); // CommonMark replaces NUL for security; `text` keeps the document's characters
    fences.push({
      lang: f.info.slice(0, word).toLowerCase(), info: f.info, start: f.start, end, contentStart: f.contentStart,
      contentEnd, text: joined(f.text), content: content.includes('\0') ? content.replaceAll('\0', '\uFFFD') : content,
      closed, openLine: f.line, closeLine,
    });
  }
  /** Closes the blocks above `depth`; an open fence ends, unclosed, where the current line starts. */
  function closeTo(depth: number): void {
    while (stack.length > depth) {
      const b = stack.pop() as Block;
      if (b.kind === 'fence') finish(b, lineStart, lineStart, false, line - 1);
    }
  }
  function closeUnmatched(): void {
    if (allClosed) return;
    closeTo(matched);
    allClosed = true;
  }
  /** Adds a child to the innermost container (closing a paragraph that it interrupts); no block for one-line leaves. */
  function add(block: Block | undefined): void {
    closeUnmatched();
    if (stack.at(-1)?.kind === 'para') stack.pop();
    const parent = stack.at(-1);
    if (parent?.kind === 'item') parent.empty = false;
    if (block) stack.push(block);
  }
  /**
   * How many `c` the rest of the line holds from `next` when it holds nothing else but spaces and tabs, else 0.
   * `spaced` lets spaces separate them (thematic breaks); otherwise they must be one run (setext underlines).
   */
  function only(c: number, spaced: boolean): number {
    let i = next, n = 0;
    for (; i < lineEnd; i++) {
      const d = src.charCodeAt(i);
      if (d === c && (spaced || n === i - next)) n++;
      else if (!isSpaceOrTab(d)) return 0;
    }
    return n;
  }
  function restIsBlank(i: number): boolean {
    while (isSpaceOrTab(at(i))) i++;
    return i >= lineEnd;
  }
  function atxHeading(): boolean {
    let i = next;
    while (at(i) === HASH) i++;
    return i - next <= 6 && (at(i) === -1 || isSpaceOrTab(at(i)));
  }
  function openFence(c: number): boolean {
    let i = next;
    while (at(i) === c) i++;
    if (i - next < 3) return false;
    // A backtick info string may not contain backticks, or inline code spans would be ambiguous.
    if (c === BACKTICK && src.slice(i, lineEnd).includes('`')) return false;
    let infoStart = i, infoEnd = lineEnd;
    while (isSpaceOrTab(at(infoStart))) infoStart++;
    while (infoEnd > infoStart && isSpaceOrTab(src.charCodeAt(infoEnd - 1))) infoEnd--;
    add({
      kind: 'fence', char: c, length: i - next, indent, start: next, line, info: src.slice(infoStart, infoEnd),
      contentStart: lineNext, text: [], content: [], runStart: lineNext, runEnd: lineNext,
    });
    return true;
  }
  /** Offset past a closing fence for `f` at `next`, or -1. */
  function closingFence(f: OpenFence): number {
    let i = next;
    while (at(i) === f.char) i++;
    if (i - next < f.length) return -1;
    return restIsBlank(i) ? i : -1;
  }
  function htmlStart(interruptsParagraph: boolean): number {
    const rest = src.slice(next, lineEnd);
    // Type 7 (any complete tag alone on its line) may not interrupt a paragraph, lazy or not.
    const last = interruptsParagraph || (!allClosed && !blank && stack.at(-1)?.kind === 'para') ? 6 : 7;
    for (let type = 1; type <= last; type++) if (HTML_OPEN[type - 1]!.test(rest)) return type;
    return 0;
  }
  /** A list item marker at `next` (spec 5.2): moves the cursor past it and returns the item, or undefined. */
  function listItem(c: number, interruptsParagraph: boolean): Block | undefined {
    let i = next;
    if (c === DASH || c === PLUS || c === STAR) i++;
    else {
      while (i - next < 9 && at(i) >= 48 && at(i) <= 57) i++;
      if (i === next || (at(i) !== DOT && at(i) !== RPAREN)) return undefined;
      // Only a list starting at 1 may interrupt a paragraph, so that "1983. A good year" stays text.
      if (interruptsParagraph && Number(src.slice(next, i)) !== 1) return undefined;
      i++;
    }
    if (at(i) !== -1 && !isSpaceOrTab(at(i))) return undefined;
    // An empty item may not interrupt a paragraph either.
    if (interruptsParagraph && restIsBlank(i)) return undefined;
    const markerOffset = indent, width = i - next;
    skipToNext();
    advance(width, true);
    const startColumn = column, startOffset = offset;
    do advance(1, true);
    while (column - startColumn < 5 && isSpaceOrTab(at(offset)));
    const spaces = column - startColumn;
    // Five or more spaces start indented code inside the item, and a blank first line has none to count.
    if (spaces >= 5 || spaces < 1 || at(offset) === -1) {
      column = startColumn;
      offset = startOffset;
      if (isSpaceOrTab(at(offset))) advance(1, true);
      return { kind: 'item', indent: markerOffset + width + 1, empty: true };
    }
    return { kind: 'item', indent: markerOffset + width + spaces, empty: true };
  }

  /** One line: continue the open blocks it can, open new ones, then give the rest to the innermost block. */
  function incorporate(): void {
    // 1. Which open blocks does this line continue?
    for (matched = 0; matched < stack.length; matched++) {
      const b = stack[matched]!;
      scan();
      if (b.kind === 'quote') {
        if (indent >= 4 || at(next) !== GT) break;
        skipQuoteMarker();
      } else if (b.kind === 'item') {
        // An item can begin with at most one blank line. Past that, a blank line continues the item and
        // keeps what lies beyond the item's indentation, as cmark does (a fence keeps those spaces).
        if (blank && b.empty) break;
        if (indent >= b.indent) advance(b.indent, true);
        else if (blank) skipToNext();
        else break;
      } else if (b.kind === 'fence') {
        const end = indent < 4 ? closingFence(b) : -1;
        if (end >= 0) {
          stack.pop();
          finish(b, end, lineStart, true, line);
          return;
        }
        for (let i = b.indent; i > 0 && isSpaceOrTab(at(offset)); i--) advance(1, true);
      } else if (b.kind === 'code') {
        if (indent >= 4) advance(4, true);
        else if (blank) skipToNext();
        else break;
      } else if (blank && (b.kind === 'para' || (b.kind === 'html' && b.type >= 6))) break;
    }
    allClosed = matched === stack.length;

    // 2. New container and leaf starts, unless a fence, indented code or HTML block takes the line as is.
    let container = matched > 0 ? stack[matched - 1] : undefined;
    for (let k = container?.kind; k !== 'fence' && k !== 'code' && k !== 'html'; k = container?.kind) {
      scan();
      const c = at(next);
      const inParagraph = k === 'para';
      let html = 0;
      if (indent >= 4) {
        // Indented code cannot interrupt a paragraph, not even a lazy one.
        if (blank || stack.at(-1)?.kind === 'para') {
          skipToNext();
          break;
        }
        advance(4, true);
        add({ kind: 'code' });
        return;
      }
      if (c === GT) {
        skipQuoteMarker();
        add({ kind: 'quote' });
      } else if (c === HASH && atxHeading()) {
        return add(undefined);
      } else if ((c === BACKTICK || c === TILDE) && openFence(c)) {
        return;
      } else if (c === LT && (html = htmlStart(inParagraph)) > 0) {
        add({ kind: 'html', type: html });
      } else if (inParagraph && (c === EQUALS || c === DASH) && only(c, false) > 0) {
        stack.pop(); // a setext underline turns the paragraph into a heading
        return;
      } else if ((c === STAR || c === DASH || c === UNDERSCORE) && only(c, true) >= 3) {
        return add(undefined);
      } else {
        const item = listItem(c, inParagraph);
        if (!item) {
          skipToNext();
          break;
        }
        add(item);
      }
      container = stack.at(-1);
    }

    // 3. The rest of the line: a lazy paragraph continuation, a line of the innermost leaf, or a new paragraph.
    if (!allClosed && !blank && stack.at(-1)?.kind === 'para') return;
    closeUnmatched();
    const tip = stack.at(-1);
    if (tip?.kind === 'fence') {
      if (offset === lineStart && !partial) {
        if (tip.runEnd !== lineStart) {
          flushRun(tip);
          tip.runStart = lineStart;
        }
        tip.runEnd = lineNext;
        return;
      }
      flushRun(tip);
      if (offset > lineStart) tip.text.push(' '.repeat(offset - lineStart));
      tip.text.push(src.slice(offset, lineNext));
      // A partly consumed tab (`>\t\tfoo`) leaves its remaining columns to the content as spaces.
      const rest = partial ? ' '.repeat(4 - (column % 4)) + src.slice(offset + 1, lineEnd) : src.slice(offset, lineEnd);
      tip.content.push(rest, '\n');
    } else if (tip?.kind === 'html') {
      if (tip.type <= 5 && HTML_CLOSE[tip.type - 1]!.test(src.slice(offset, lineEnd))) stack.pop();
    } else if (tip?.kind !== 'para' && tip?.kind !== 'code' && !blank) add({ kind: 'para' });
  }

  // Line ends come from indexOf (native, and most documents have no \r); each search result is reused
  // until the scan passes it, so the searches stay linear in total.
  let lf = -1, cr = -1;
  // A byte order mark is not part of the first line's text.
  for (let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0; pos < src.length; line++) {
    if (lf < pos) lf = src.indexOf('\n', pos);
    if (lf < 0) lf = src.length;
    if (cr < pos) cr = src.indexOf('\r', pos);
    if (cr < 0) cr = src.length;
    lineStart = pos;
    lineEnd = Math.min(lf, cr);
    pos = lineNext = lineEnd + (lineEnd === cr && lineEnd + 1 === lf ? 2 : lineEnd < src.length ? 1 : 0);
    offset = lineStart;
    column = 0;
    partial = false;
    incorporate();
  }
  lineStart = src.length;
  closeTo(0);
  return fences;
}

/** One run of whole lines is most fences: then text and content are that one string, not copies. */
function joined(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : parts.join('');
}

/** The fences whose `lang` is `napkin`. */
export function napkinFences(markdown: string): Fence[] {
  return mentionsNapkin(markdown) ? findFences(markdown).filter((f) => f.lang === 'napkin') : [];
}

/**
 * False only when `markdown` cannot hold a napkin fence: it never says "napkin" in any case. The
 * `u` flag folds case as `toLowerCase` does for these letters (the Kelvin sign `K` is a `k`, as
 * `lang` sees it), so this never says no to a fence that `findFences` would call napkin.
 */
export function mentionsNapkin(markdown: string): boolean {
  return /napkin/iu.test(markdown);
}

/** A `.napkin` file is one whole fence: start 0, contentStart 0, end = contentEnd = length, text = content = the file, closed true. */
export function wholeFileFence(source: string): Fence {
  let breaks = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === LF || (c === CR && source.charCodeAt(i + 1) !== LF)) breaks++;
  }
  // A final line break ends the last line rather than starting an empty one.
  const last = source.endsWith('\n') || source.endsWith('\r') ? breaks - 1 : breaks;
  const n = source.length;
  return {
    lang: 'napkin', info: 'napkin', start: 0, end: n, contentStart: 0, contentEnd: n, text: source, content: source,
    closed: true, openLine: 0, closeLine: Math.max(0, last),
  };
}
