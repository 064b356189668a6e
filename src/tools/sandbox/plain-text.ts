/** ANSI escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and two-byte ESC sequences. */
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]/g;

/** Control characters other than newline and tab (C0, DEL, C1), and Unicode bidirectional overrides and isolates. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a script (its output, file names) made safe to print on a terminal: escape
 * sequences and control characters are removed, so it cannot move the cursor, redraw a
 * line (carriage return), hide itself, change the window title or reorder text.
 */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}
