/** ANSI styles for text output, or none: callers decide once whether colour is on. */

export interface Palette {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly green: (s: string) => string;
}

const style = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export function palette(colour: boolean): Palette {
  if (!colour) {
    const plain = (s: string) => s;
    return { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain, blue: plain, green: plain };
  }
  return { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), yellow: style(33, 39), cyan: style(36, 39), blue: style(34, 39), green: style(32, 39) };
}
