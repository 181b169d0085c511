/**
 * How each unit word of the document reads (`B` attached is billion, `30 B` is bytes, `day` alone
 * is one day), for hovers. Derived from the syntax when a request asks, not recorded while
 * evaluating: every keystroke evaluates, few hover.
 */

import type { Analysis } from '../analysis';
import { exprsOf, walkExpr, walkStatements } from '../syntax/tree';
import { describeTerm, isTermError, readTerm } from '../units/phrase';
import { findUnit } from '../units/table';
import { perAnalysis } from './memo';

export interface Reading {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Every unit term that reads as a unit or magnitude, and every bare name that is a unit, in document order. */
export const readingsIn = perAnalysis((analysis: Analysis): readonly Reading[] => {
  const readings: Reading[] = [];
  const { definitions } = analysis.binding;
  for (const { parse, fence } of analysis.fences) {
    const base = fence.contentStart;
    walkStatements(parse.statements, (statement) => {
      for (const expr of exprsOf(statement)) {
        walkExpr(expr, (node) => {
          if (node.kind === 'units') {
            for (const { word, exponent, attached } of node.units) {
              if (isTermError(readTerm(word.text, exponent, attached, analysis.scope.overrides))) continue;
              readings.push({ start: base + word.start, end: base + word.end, text: describeTerm(word.text, attached) });
            }
          } else if (node.kind === 'name' && !definitions.has(node.name)) {
            // A unit used as a value: `tweets / day` divides by one day.
            const unit = findUnit(node.name);
            if (unit) readings.push({ start: base + node.start, end: base + node.end, text: `\`${node.name}\` = 1 ${unit.description}` });
          }
        });
      }
    });
  }
  return readings.sort((a, b) => a.start - b.start);
});
