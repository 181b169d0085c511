/**
 * Terminal-safe text. Design files, file names and messages that quote them are printed to
 * terminals and CI logs; a control character there is an instruction, not text (`ESC ]0;` sets
 * the window title, `ESC [2J` clears the screen, `ESC [8m` hides what follows). Every C0 control
 * except tab and line feed, DEL and every C1 control is shown as a visible stand-in of one UTF-16
 * code unit (the Control Pictures block, or U+FFFD), so columns and carets stay aligned.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
