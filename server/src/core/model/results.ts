/**
 * Every quantity's result, in document order (the join's slots are in document order). An editor's
 * analysis takes a result again where its definition and value are the very ones of the last
 * analysis (`carry.ts`), so an edit builds results only for the quantities it reached.
 */

import type { Carried } from '../carry';
import { formatQuantity } from '../units/format';
import type { Quantity } from '../units/quantity';
import type { UnitOverrides } from '../units/table';
import type { Binding, Definition } from './bind';
import type { Scope } from './scope';

export interface QuantityResult {
  readonly name: string;
  readonly definition: Definition;
  readonly value: Quantity | undefined;
  readonly display: string | undefined;
}

/** What the last analysis built, by slot. */
export interface CarriedResults {
  readonly definitions: readonly (Definition | undefined)[];
  /** The values the evaluation recorded (model/evaluation.ts), which say whether a result still holds. */
  readonly values: readonly (Quantity | undefined)[];
  readonly results: readonly (QuantityResult | undefined)[];
  readonly precision: number;
}

export function quantityResults(binding: Binding, scope: Scope, precision: number, carried: Carried | undefined): QuantityResult[] {
  const { slots } = binding.definitions;
  const record = carried?.evaluation;
  const previous = record && carried.results?.precision === precision ? carried.results : undefined;
  // Without an override a display depends on the value and precision alone; with one, no result is kept.
  const overrides = scope.overrides.size > 0 ? scope.overrides : undefined;
  const quantities: QuantityResult[] = [];
  const bySlot: (QuantityResult | undefined)[] = record ? new Array(slots.length) : [];
  for (let s = 0; s < slots.length; s++) {
    const definition = slots[s]!;
    if (previous && previous.definitions[s] === definition) {
      // The same definition: every quantity had a result then.
      const kept = previous.results[s];
      if (!kept) continue;
      if (previous.values[s] === record!.values[s]) {
        quantities.push((bySlot[s] = kept));
        continue;
      }
    }
    if (definition.kind !== 'quantity') continue;
    const result = new Result(definition, scope.quantity(definition.name), precision, overrides);
    quantities.push(result);
    if (record) bySlot[s] = result;
  }
  if (carried) carried.results = record ? { definitions: slots, values: record.values, results: bySlot, precision } : undefined;
  return quantities;
}

/** A quantity's result; its display string is built on first use (hints ask for a few, not all). */
class Result implements QuantityResult {
  #display: string | undefined | null = null;

  constructor(
    readonly definition: Definition,
    readonly value: Quantity | undefined,
    readonly precision: number,
    readonly overrides: UnitOverrides | undefined,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  get display(): string | undefined {
    if (this.#display === null) this.#display = this.value && formatQuantity(this.value, { precision: this.precision, overrides: this.overrides });
    return this.#display;
  }
}
