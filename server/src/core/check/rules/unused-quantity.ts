/** N407: a quantity that nothing uses (a hint: results are often read, not reused). */

import { diagnostic, type Diagnostic } from '../../diagnostics';
import type { Definition } from '../../model/bind';
import { rememberingCheck } from '../rule';

/** What the last run found, by position in the quantities, and what it read. */
interface Memo {
  readonly usedAsValue: ReadonlySet<string>;
  readonly definitions: readonly Definition[];
  readonly found: readonly (Diagnostic | undefined)[];
}

// An edit that keeps the names used keeps the very set (model/join.ts), and a definition it did not
// reach is the very object: then what was found about it holds.
export const unusedQuantity = rememberingCheck<Memo>('unusedQuantity', (input, report, last) => {
  const { usedAsValue } = input.binding;
  const same = last?.usedAsValue === usedAsValue ? last : undefined;
  const definitions: Definition[] = [];
  const found: (Diagnostic | undefined)[] = [];
  input.quantities.forEach(({ name, definition }, i) => {
    const finding =
      same?.definitions[i] === definition
        ? same.found[i]
        : usedAsValue.has(name)
          ? undefined
          : diagnostic('unusedQuantity', definition.start, definition.end, `\`${name}\` is never used; use it in another quantity, a component or an \`assert\`, or remove it.`);
    definitions.push(definition);
    found.push(finding);
    if (finding) report(finding);
  });
  return { usedAsValue, definitions, found };
});
