/**
 * Document positions for reports: offsets (UTF-16 code units, as the core and LSP count them) →
 * 1-based lines and columns, and the text of a line. `\n`, `\r\n` and a lone `\r` all end a line.
 */

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (c === '\n' || c === '\r') this.#starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.#starts[low]! + 1 };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.#starts[line - 1] ?? this.text.length;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    let end = start;
    while (end < this.text.length && this.text[end] !== '\n' && this.text[end] !== '\r') end++;
    return this.text.slice(start, end);
  }

  /** `(line,col)` of an offset. */
  at(offset: number): string {
    const { line, column } = this.position(offset);
    return `(${line},${column})`;
  }

  /** `(line,col)-(line,col)` of a range, or one position when it is empty. */
  range(start: number, end: number): string {
    return start === end ? this.at(start) : `${this.at(start)}-${this.at(end)}`;
  }
}
