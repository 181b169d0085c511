/**
 * Inline expectations written in the fixtures, markdownlint style, so that a fixture checks itself
 * before anyone reads its golden file. They live in napkin comments (`#` or `//` at the start of a
 * line or after whitespace), so they never change what the core parses:
 *
 *   x = foo + 1        # {N101}        a diagnostic with code N101 starts on this line
 *   x = foo + 1        # {N101@5}      … and starts at column 5 (1-based, document columns)
 *   x = a + b          # {N101} {N202} several on one line
 *   s = "abc                           (a comment here would be inside the string)
 *   # ^ {N002}                         a comment-only line starting with `^`: the line above
 *   rate = 1 Gbps      # {= 125 MB/s}  the quantity defined on this line displays exactly so
 *   bad = 1 GB + 5/s   # {N201} {= (none)}   … or has no value
 *
 * The markers of a fixture must equal its diagnostics: every diagnostic needs a marker on the
 * line where it starts, and every marker needs a diagnostic. N407 (unused-quantity, a hint) is the
 * one exception, because estimates are read rather than reused: it is listed only when the fixture
 * opts in with the directive `check-hints`. Directives are written as an HTML comment in Markdown
 * (`<!-- check-hints -->`) or as a comment line of their own in a `.napkin` file (`# check-hints`):
 *
 *   check-hints     N407 diagnostics must be marked too
 *   show-readings   the golden report lists how every unit term was read (hover text)
 *
 * Every line of the file is scanned, not only the lines inside napkin fences: that keeps the
 * harness independent of the fence finder it tests. Prose must not contain `# {N…}` itself.
 */

export interface DiagnosticMarker {
  readonly line: number;
  readonly code: string;
  readonly column: number | undefined;
  readonly text: string;
}

export interface ValueMarker {
  readonly line: number;
  /** The expected display, or undefined for `(none)`: the quantity must have no value. */
  readonly display: string | undefined;
}

export interface Markers {
  readonly diagnostics: readonly DiagnosticMarker[];
  readonly values: readonly ValueMarker[];
  readonly checkHints: boolean;
  readonly showReadings: boolean;
}

const COMMENT_START = /(^|[\s>])(#|\/\/)/;
const DIAGNOSTIC = /\{(N\d{3})(?:@(\d+))?\}/g;
const VALUE = /\{=\s*([^}]*?)\s*\}/g;

export function readMarkers(text: string, lines: readonly string[]): Markers {
  const diagnostics: DiagnosticMarker[] = [];
  const values: ValueMarker[] = [];
  let target = 0;
  lines.forEach((lineText, index) => {
    const line = index + 1;
    const start = COMMENT_START.exec(lineText);
    if (!start) {
      target = line;
      return;
    }
    const comment = lineText.slice(start.index + start[0].length);
    const caret = lineText.slice(0, start.index + start[1]!.length).trim().replace(/^(>\s*)+/, '') === '' && comment.trimStart().startsWith('^');
    const at = caret ? target : line;
    if (!caret) target = line;
    for (const match of comment.matchAll(DIAGNOSTIC)) {
      diagnostics.push({ line: at, code: match[1]!, column: match[2] === undefined ? undefined : Number(match[2]), text: match[0] });
    }
    for (const match of comment.matchAll(VALUE)) {
      values.push({ line: at, display: match[1] === '(none)' ? undefined : match[1]! });
    }
  });
  return {
    diagnostics,
    values,
    checkHints: directive(text, 'check-hints'),
    showReadings: directive(text, 'show-readings'),
  };
}

function directive(text: string, name: string): boolean {
  return new RegExp(`<!--\\s*${name}\\s*-->|^[ \\t]*(#|//)[ \\t]*${name}[ \\t]*$`, 'm').test(text);
}
