/** N407: a quantity that nothing uses (a hint: results are often read, not reused). */

import { diagnostic, type Diagnostic } from '../../diagnostics';
import type { QuantityResult } from '../../model/results';
import { rememberingCheck } from '../rule';
import { sparseBuilder, sparseReader, type Sparse } from '../sparse';

/** What the last run read (the very list of results) and found, by position in it. */
interface Memo {
  readonly usedAsValue: ReadonlySet<string>;
  readonly quantities: readonly QuantityResult[];
  readonly found: Sparse<Diagnostic>;
}

// An edit that keeps the names used keeps the very set (model/join.ts), and a definition it did not
// reach is the very object: then what was found about it holds.
export const unusedQuantity = rememberingCheck<Memo>('unusedQuantity', (input, report, last) => {
  const { usedAsValue } = input.binding;
  const { quantities } = input;
  const same = last?.usedAsValue === usedAsValue ? last : undefined;
  const kept = sparseReader(same?.found);
  const found = sparseBuilder<Diagnostic>();
  for (let i = 0; i < quantities.length; i++) {
    const { name, definition } = quantities[i]!;
    const finding =
      same?.quantities[i]?.definition === definition
        ? kept(i)
        : usedAsValue.has(name)
          ? undefined
          : diagnostic('unusedQuantity', definition.start, definition.end, `\`${name}\` is never used; use it in another quantity, a component or an \`assert\`, or remove it.`);
    if (finding === undefined) continue;
    found.add(i, finding);
    report(finding);
  }
  return { usedAsValue, quantities, found };
});
