/**
 * Edits that set a component property (the "set replicas to 4" quick fix): replace the value when
 * the property is written, add it to the property list when there is one, or add a list.
 */

import type { CheckInput } from '../analysis';
import type { Fix } from '../diagnostics';
import type { Component } from '../graph/build';
import { sourceAt } from '../text/fence-at';

export function setPropFix(input: CheckInput, component: Component, prop: string, value: string, title: string): Fix {
  const fix = (start: number, end: number, insert: string): Fix => ({ title, edits: [{ start, end, text: insert }], preferred: true });
  const existing = component.propSpans.get(prop);
  if (existing && !component.defaulted.has(prop)) return fix(existing.start, existing.end, value);
  const { text, base } = sourceAt(input, component.span.start, component.span.end);
  // Search only the statement: an unbounded indexOf would scan the rest of the document.
  const close = component.span.end - 1;
  let open = -1;
  for (let i = component.headerEnd; i < close; i++) {
    if (text[i - base] === '{') {
      open = i;
      break;
    }
  }
  if (open < 0 || text[close - base] !== '}') return fix(component.span.end, component.span.end, ` { ${prop}: ${value} }`);
  const inside = text.slice(open + 1 - base, close - base);
  if (inside.trim() === '') return fix(open + 1, close, ` ${prop}: ${value} `);
  const lineBreak = /^[ \t]*(\r?\n)([ \t]*)/.exec(inside);
  // One prop per line: a new first line, indented like the current first line.
  if (lineBreak) return fix(open + 1, open + 1, `${lineBreak[1]}${lineBreak[2]}${prop}: ${value}`);
  return fix(open + 1, open + 1, ` ${prop}: ${value},`);
}
