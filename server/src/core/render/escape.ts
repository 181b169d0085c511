/**
 * Text from a design is never trusted in Mermaid: every character that is not a letter, digit,
 * mark, space or one of a few inert punctuation marks becomes a Mermaid entity code (`#60;`).
 * That keeps quotes from closing a label, `%%{init}%%` from becoming a directive (`%` is encoded),
 * `;` from ending a statement, and `<`, `>`, `&` from ever reaching the SVG as markup: Mermaid
 * decodes the entities to text after parsing.
 */

const inert = /[\p{L}\p{N}\p{M} .,_\-/+=?!@^~·×≈←→]/u;

export function mermaidText(text: string): string {
  let out = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) {
    out += inert.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return out;
}
