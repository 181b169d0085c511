// The CLI's offset → line/column conversion is the core's (pure, shared with the preview).
export { lineIndex, rangeOf, type LineIndex, type Position, type Range } from '../core/text/positions';
