/**
 * LSP base-protocol framing that survives a misbehaving client. vscode-jsonrpc's reader trusts
 * every header: one bad `Content-Length` (missing, not a number, negative, too small, too large)
 * leaves it reading bodies as headers and headers as bodies for the rest of the session, and the
 * server never answers again. This stream sits between stdin and the reader and passes on only
 * well-framed messages, byte for byte:
 *
 *   - a header block must be `Name: value` lines with exactly one `Content-Length` that is a
 *     whole number up to MAX_BODY_BYTES; anything else is skipped up to the next line that starts
 *     with `Content-Length:`;
 *   - a body cannot contain a header (`Content-Length: 12` and a raw line break: JSON escapes line
 *     breaks in strings, and header text is not JSON), so a body that does — the `Content-Length`
 *     claimed more than was sent, swallowing the next message — ends there, is dropped, and framing
 *     resumes at that header without waiting for the missing bytes;
 *   - a complete body must look like one JSON-RPC message, `{…}` or `[…]`: one that does not (its
 *     Content-Length was too small, or a little too large) is dropped, and framing resumes at the
 *     next `Content-Length:`.
 *
 * Bad JSON inside a well-framed message is left to vscode-jsonrpc, which reports it and carries
 * on. What is dropped is reported on stderr, one line per run of dropped bytes.
 */

import { Transform, type TransformCallback } from 'node:stream';

export const MAX_BODY_BYTES = 512 * 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
/** Where framing resumes after garbage: the next `Content-Length:` (a header follows a body directly). */
const RESYNC = /Content-Length:/gi;
/**
 * A header inside a body: proof that the body is not JSON and that the next message started. JSON
 * escapes line breaks inside strings, so a raw CR LF after `Content-Length: 123` is never JSON.
 */
const HEADER_IN_BODY = /Content-Length: *\d+\r\n/i;

export interface FramingOptions {
  /** Where to report dropped input (default: stderr). */
  readonly report?: (message: string) => void;
}

export class LspFraming extends Transform {
  #buffer: Buffer = Buffer.alloc(0);
  /** The header and body length of the message being read, once its header block was valid. */
  #pending: { headerBytes: number; bodyBytes: number; scanned: number } | undefined;
  readonly #report: (message: string) => void;
  #dropped = 0;
  #reason: string | undefined;

  constructor(options: FramingOptions = {}) {
    super();
    this.#report = options.report ?? ((message) => process.stderr.write(`napkin: ${message}\n`));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#drain();
    this.#flushReport();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#flushReport();
    if (this.#buffer.length > 0) this.#report(`dropped ${this.#buffer.length} bytes of incomplete input at the end of the stream`);
    this.#buffer = Buffer.alloc(0);
    done();
  }

  #drain(): void {
    for (;;) {
      if (!this.#pending) {
        const end = this.#buffer.indexOf(HEADER_END);
        if (end < 0) {
          // No complete header yet; a header is short, so a long run without one is garbage.
          if (this.#buffer.length <= 64 * 1024) return;
          this.#resync(1, 'a header block longer than 64 KB');
          continue;
        }
        const length = contentLength(this.#buffer.subarray(0, end).toString('latin1'));
        if (length === undefined) {
          this.#resync(1, 'a malformed header (it needs one Content-Length with a whole number of bytes)');
          continue;
        }
        this.#pending = { headerBytes: end + HEADER_END.length, bodyBytes: length, scanned: 0 };
      }
      const { headerBytes, bodyBytes, scanned } = this.#pending;
      const available = this.#buffer.subarray(headerBytes, headerBytes + bodyBytes);
      // Only the bytes not scanned yet (and a header's length before them) are searched, so a big
      // message arriving in many chunks is scanned once.
      const from = Math.max(0, scanned - 40);
      const found = available.toString('latin1', from).search(HEADER_IN_BODY);
      const embedded = found < 0 ? -1 : from + found;
      this.#pending.scanned = available.length;
      if (embedded >= 0) {
        // The claimed length swallowed the next message: drop this one, resume at that header.
        this.#pending = undefined;
        this.#skip(headerBytes + embedded, 'a message whose Content-Length is larger than its body');
        continue;
      }
      if (available.length < bodyBytes) return;
      if (!framesJson(available)) {
        // The Content-Length is wrong (too small, or a little too large): the body is cut off or
        // runs into the next message. Drop it; the next header may start inside it.
        this.#pending = undefined;
        this.#resync(headerBytes, 'a message whose body is not one JSON object (broken JSON, or a wrong Content-Length)');
        continue;
      }
      this.push(this.#buffer.subarray(0, headerBytes + bodyBytes));
      this.#buffer = this.#buffer.subarray(headerBytes + bodyBytes);
      this.#pending = undefined;
    }
  }

  /**
   * Drops input up to the next `Content-Length:` at or after `from`; without one, everything but
   * a tail that may be the start of a header still arriving (`Content-Le`).
   */
  #resync(from: number, reason: string): void {
    const text = this.#buffer.toString('latin1');
    RESYNC.lastIndex = from;
    const match = RESYNC.exec(text);
    const at = match ? match.index : Math.max(from, text.length - partialHeaderAtEnd(text));
    this.#skip(at, reason);
  }

  #skip(bytes: number, reason: string): void {
    if (bytes <= 0) return;
    this.#buffer = this.#buffer.subarray(bytes);
    this.#dropped += bytes;
    this.#reason ??= reason;
  }

  /** One line on stderr per run of dropped input, not one per skip. */
  #flushReport(): void {
    if (this.#dropped === 0) return;
    this.#report(`dropped ${this.#dropped} bytes of malformed input: ${this.#reason}`);
    this.#dropped = 0;
    this.#reason = undefined;
  }
}

/**
 * Whether a body is framed like a JSON-RPC message: `{…}` or a batch `[…]`, ignoring whitespace
 * around it. The JSON itself is parsed (and reported if broken) by vscode-jsonrpc.
 */
function framesJson(body: Buffer): boolean {
  const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
  let first = 0;
  while (first < body.length && isSpace(body[first]!)) first++;
  let last = body.length - 1;
  while (last > first && isSpace(body[last]!)) last--;
  if (first >= body.length) return false;
  const open = body[first];
  const close = body[last];
  return (open === 0x7b && close === 0x7d) || (open === 0x5b && close === 0x5d);
}

const HEADER_NAME = 'content-length:';

/** How many bytes at the end of `text` could be the beginning of `Content-Length:`. */
function partialHeaderAtEnd(text: string): number {
  const tail = text.slice(-HEADER_NAME.length).toLowerCase();
  for (let n = Math.min(tail.length, HEADER_NAME.length - 1); n > 0; n--) if (HEADER_NAME.startsWith(tail.slice(tail.length - n))) return n;
  return 0;
}

/** The Content-Length of a header block, or undefined when the block is not a valid LSP header. */
export function contentLength(block: string): number | undefined {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const match = /^([A-Za-z][A-Za-z0-9-]*): *(.*?) *$/.exec(line);
    if (!match) return undefined;
    if (match[1]!.toLowerCase() !== 'content-length') continue;
    if (length !== undefined || !/^\d{1,10}$/.test(match[2]!)) return undefined;
    length = Number(match[2]);
  }
  return length !== undefined && length <= MAX_BODY_BYTES ? length : undefined;
}
