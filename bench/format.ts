/** How the report writes numbers: sizes, ratios against a target, percentages, and Markdown tables. */

export const size = (lines: number) => (lines >= 1000 ? `${(lines / 1000).toFixed(0)}K lines` : `${lines} lines`);
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
// Ratios are rounded towards the target's side, so that a miss never reads as the target: 29.96×
// faster is shown as 29.9×, not 30×, and 2.04× the floor as 2.1×, not 2.0×.

/** How many times faster `a` is than `b`, rounded down (to tenths below 100×). */
export const times = (a: number, b: number) => {
  const ratio = b / a;
  return ratio >= 100 ? `${Math.floor(ratio)}×` : `${(Math.floor(tenths(ratio)) / 10).toFixed(1)}×`;
};

/** `value` as a multiple of `floor`, rounded up to tenths. */
export const ofFloor = (value: number, floor: number) => `${(Math.ceil(tenths(value / floor)) / 10).toFixed(1)}× the floor`;

/** `ratio` in tenths, without the binary fraction's last digit (2.2 × 10 is 22.000000000000004). */
const tenths = (ratio: number) => Math.round(ratio * 1e7) / 1e6;
export const yes = (ok: boolean) => (ok ? '**met**' : '**missed**');

/** A ratio minus one as a signed percentage: 0.061 → `+6%`, more work than Mermaid alone; -0.05 → `−5%`. */
export function percent(over: number): string {
  return `${over >= 0 ? '+' : '−'}${Math.abs(over * 100).toFixed(0)}%`;
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
