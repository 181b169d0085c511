/**
 * A tiny XML well-formedness check for the JUnit and SVG outputs: one root element, tags that
 * nest and close, quoted attributes without duplicates, and only the five predefined or numeric
 * entity references. Returns the element names in document order, or throws with the position.
 */

const NAME = /^[A-Za-z_:][\w.:-]*$/;

export function checkWellFormed(xml: string): string[] {
  const elements: string[] = [];
  const stack: string[] = [];
  let rootClosed = false;
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${message}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  const checkText = (text: string) => {
    for (const match of text.matchAll(/&([^;]*);?/g)) {
      if (!match[0].endsWith(';') || !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(match[1]!)) fail(`bad entity reference ${match[0]}`);
    }
    if (/[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(text)) fail('a character XML forbids');
  };
  if (xml.startsWith('\uFEFF')) i = 1;
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') fail('text outside the root element');
    if (text.includes('>') && stack.length === 0) fail('stray >');
    checkText(text);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) fail('bad CDATA');
      i = end + 3;
      continue;
    }
    const end = tagEnd(xml, i);
    if (end < 0) fail('unterminated tag');
    const tag = xml.slice(i + 1, end);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) fail(`</${name}> does not close the open element`);
      if (stack.length === 0) rootClosed = true;
    } else {
      if (rootClosed) fail('a second root element');
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = /^[^\s]+/.exec(body)?.[0] ?? '';
      if (!NAME.test(name)) fail(`bad element name ${JSON.stringify(name)}`);
      const seen = new Set<string>();
      let rest = body.slice(name.length);
      while (rest.trim() !== '') {
        const attr = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(rest);
        if (!attr) fail(`bad attribute syntax in <${name}>`);
        if (seen.has(attr![1]!)) fail(`duplicate attribute ${attr![1]}`);
        seen.add(attr![1]!);
        checkText(attr![3] ?? attr![4] ?? '');
        rest = rest.slice(attr![0].length);
      }
      elements.push(name);
      if (selfClosing) {
        if (stack.length === 0) rootClosed = true;
      } else stack.push(name);
    }
    i = end + 1;
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (!rootClosed) fail('no root element');
  return elements;
}

/** The `>` that ends the tag opened at `start`, skipping quoted attribute values. */
function tagEnd(xml: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}
