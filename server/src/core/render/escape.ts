/**
 * Text from a design is never trusted in Mermaid: every character that is not a letter, digit,
 * mark, space or one of a few inert punctuation marks becomes a Mermaid entity code (`#60;`).
 * That keeps quotes from closing a label, `%%{init}%%` from becoming a directive (`%` is encoded),
 * `;` from ending a statement, and `<`, `>`, `&` from ever reaching the SVG as markup: Mermaid
 * decodes the entities to text after parsing.
 *
 * Decoding happens before two of Mermaid's label features look at the text, so entities alone do
 * not keep them out: `$$…$$` is typeset as KaTeX math and `fa:fa-name` becomes an icon. Neither
 * runs script, but the label would not read as written. An invisible U+2060 WORD JOINER goes
 * between two `$` and after a `:` that precedes `fa-`, so neither pattern ever appears.
 */

const inert = /[\p{L}\p{N}\p{M} .,_\-/+=?!@^~·×≈←→]/u;
const WORD_JOINER = '#8288;';

export function mermaidText(text: string): string {
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    out += inert.test(char) ? char : `#${char.codePointAt(0)};`;
    if ((char === '$' && chars[i + 1] === '$') || (char === ':' && chars[i + 1] === 'f' && chars[i + 2] === 'a' && chars[i + 3] === '-')) out += WORD_JOINER;
  }
  return out;
}
