/**
 * Text from a design is never trusted in Mermaid: every character that is not a letter, digit,
 * mark, space or one of a few inert punctuation marks becomes a Mermaid entity code (`#60;`).
 * That keeps quotes from closing a label, `%%{init}%%` from becoming a directive (`%` is encoded),
 * `;` from ending a statement, and `<`, `>`, `&` from ever reaching the SVG as markup: Mermaid
 * decodes the entities to text after parsing.
 *
 * Mermaid decodes the entities before it is done with the text, so entities alone do not keep
 * three things out, none of which runs script but each of which changes what the label says:
 * `$$…$$` is typeset as KaTeX math, `fa:fa-name` becomes an icon, and Mermaid's own entity
 * placeholders (`ﬂ°°`, `ﬂ°`, `¶ß`), which it replaces in its finished SVG, would turn a label's
 * `ﬂ°` into `&` and `¶ß` into `;`. An invisible U+2060 WORD JOINER goes between the two
 * characters of each such pair (`$$`, `ﬂ°`, `¶ß`, and `:` + `fa-`), so none of them ever appears.
 */

const inert = /[\p{L}\p{N}\p{M} .,_\-/+=?!@^~·×≈←→]/u;
const WORD_JOINER = '#8288;';

export function mermaidText(text: string): string {
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    out += inert.test(char) ? char : `#${char.codePointAt(0)};`;
    if (splitsAfter(char, chars, i + 1)) out += WORD_JOINER;
  }
  return out;
}

/** Whether `char` and the text from `next` on would form one of the pairs Mermaid acts on. */
function splitsAfter(char: string, chars: readonly string[], next: number): boolean {
  const following = chars[next];
  switch (char) {
    case '$':
      return following === '$';
    case 'ﬂ':
      return following === '°';
    case '¶':
      return following === 'ß';
    case ':':
      return following === 'f' && chars[next + 1] === 'a' && chars[next + 2] === '-';
    default:
      return false;
  }
}
