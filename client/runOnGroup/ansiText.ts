// Command output with its colours: SGR escape sequences turned into styled pieces of text; other escapes dropped.

export interface StyledText {
  text: string;
  /** An index into the 16 ANSI colours (0–15), or undefined for the default. */
  fg?: number;
  bold?: boolean;
}

// CSI sequences (colours and cursor moves), OSC strings, and lone escapes.
const ESCAPES = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b./g;

/** Split text at its escape sequences: SGR colours and bold become styles; everything else is left out. */
export function styledPieces(input: string): StyledText[] {
  const pieces: StyledText[] = [];
  let style: Omit<StyledText, 'text'> = {};
  let last = 0;
  const push = (text: string) => {
    // Carriage returns (progress bars) and other controls are not drawn in a table cell.
    const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    if (clean) pieces.push({ text: clean, ...style });
  };
  for (const match of input.matchAll(ESCAPES)) {
    push(input.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(input.slice(last));
  return pieces;
}

function applySgr(current: Omit<StyledText, 'text'>, params: string): Omit<StyledText, 'text'> {
  const next = { ...current };
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p || 0));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) {
      delete next.fg;
      delete next.bold;
    } else if (code === 1) next.bold = true;
    else if (code === 22) delete next.bold;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) delete next.fg;
    else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4; // 256-colour and RGB: skipped, not misread
  }
  return next;
}
