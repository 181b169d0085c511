/** Line arithmetic on document text, in offsets. Line breaks are `\n`, `\r\n` or `\r`. */

export function lineStartOf(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** The offset of the line break ending the line of `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** The end of the line of `offset`, before any trailing spaces or tabs. */
export function trimmedLineEndOf(text: string, offset: number): number {
  let end = lineEndOf(text, offset);
  while (end > offset && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/** The offset where the line after the one holding `offset` starts (the text's end on the last line). */
export function nextLineStartOf(text: string, offset: number): number {
  const end = lineEndOf(text, offset);
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return end < text.length ? end + 1 : end;
}

/** The line break the document uses most at its first line break; `\n` when it has none. */
export function lineBreakOf(text: string): string {
  const index = text.search(/\r\n|\n|\r/);
  if (index < 0) return '\n';
  return text[index] === '\r' ? (text[index + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** Identifiers as the lexer reads them: a letter or `_`, then letters, digits, marks or `_`. */
export const identifierPattern = /^[\p{L}_µ][\p{L}\p{N}\p{M}_µ]*$/u;

/**
 * Design text shown in Markdown (hovers, tooltips) as the characters it is: every ASCII punctuation
 * mark gets a backslash, so a label can never become a link, an image, a command or markup.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&"'=:]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}
