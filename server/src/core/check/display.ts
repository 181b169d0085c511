/** The display policy applied to the raw numbers checks talk about. */

import type { CheckInput } from '../analysis';
import { formatQuantity } from '../units/format';
import { quantity } from '../units/quantity';

export const showRate = (input: CheckInput, perSecond: number) => formatQuantity(quantity(perSecond, 0, -1), { precision: input.precision, overrides: input.scope.overrides });
export const showData = (input: CheckInput, bytes: number) => formatQuantity(quantity(bytes, 1, 0), { precision: input.precision, overrides: input.scope.overrides });
export { formatPercent as showPercent } from '../units/format';
