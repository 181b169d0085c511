/**
 * What a design check is: a rule id from the catalogue and a function from the analysis to
 * diagnostics. Checks only read; they never change the model.
 */

import type { CheckInput } from '../analysis';
import type { Diagnostic } from '../diagnostics';

export interface Check {
  readonly id: import('../diagnostics').RuleId;
  run(input: CheckInput, report: (diagnostic: Diagnostic) => void): void;
}
