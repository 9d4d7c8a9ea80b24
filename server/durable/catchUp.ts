// What a reattached tab is sent so its screen matches the pane again: the lines it missed while the connection was down, or a redrawn screen.

/** Where the tab's output had got to in the pane's lines, the last time tmux said. */
export interface PaneCheckpoint {
  /** The cursor's line counted from the oldest line of history: history_size + cursor_y then. */
  cursorLine: number;
  /** Line feeds in the output received after that answer (each moved the cursor down a line, or scrolled). */
  lineFeedsSince: number;
}

/** The pane as tmux describes it on reattaching. */
export interface PaneState {
  historySize: number;
  cursorX: number;
  cursorY: number;
  alternateScreen: boolean;
}

/** Which lines to capture: from `start` (capture-pane -S; negative lines are history) to the cursor's line. */
export type CatchUpPlan = { kind: 'lines'; start: number; end: number } | { kind: 'screen'; start: number; end: number };

/** A tab that has nothing of the pane (longhaul was restarted) is given this much of its history above the screen. */
export const RESTORE_HISTORY_LINES = 1000;

/**
 * With no checkpoint (longhaul was restarted: the tab has nothing), the screen and recent history. Else the lines
 * from the one the cursor was on when the connection went down, to the one it is on now: everything
 * after that the tab has not seen, and that one line again (the tab has it in part; it is written over whole). A
 * full-screen program, or a checkpoint further back than the history holds, gets the screen redrawn instead; so
 * does a history near its limit, which tmux trims from the top (a tenth at a time), so line numbers move under it.
 */
export function planCatchUp(checkpoint: PaneCheckpoint | undefined, pane: PaneState, historyLimit: number): CatchUpPlan {
  const nowLine = pane.historySize + pane.cursorY;
  const trimmed = pane.historySize >= historyLimit * 0.9;
  if (pane.alternateScreen) return { kind: 'screen', start: 0, end: pane.cursorY };
  if (!checkpoint) return { kind: 'screen', start: 0 - Math.min(pane.historySize, RESTORE_HISTORY_LINES), end: pane.cursorY };
  if (trimmed) return { kind: 'screen', start: 0, end: pane.cursorY };
  const seenLine = Math.min(nowLine, checkpoint.cursorLine + checkpoint.lineFeedsSince);
  const start = seenLine - pane.historySize;
  if (start < -pane.historySize) return { kind: 'screen', start: 0, end: pane.cursorY };
  return { kind: 'lines', start, end: pane.cursorY };
}

/**
 * The bytes that bring the tab's screen to the pane's, from the captured lines (capture-pane -p -e). The capture
 * ends on the cursor's line, so the cursor is put back in its column on the line last written: a screen with history
 * above it scrolls as it is written, and the tab may have more rows than the pane had, so a row counted from the top
 * would be the wrong one. A full-screen program's screen (no history) is drawn from the top, and its cursor placed.
 */
export function catchUpBytes(plan: CatchUpPlan, lines: readonly string[], pane: PaneState): string {
  const body = lines.join('\r\n');
  const toColumn = `\r${pane.cursorX > 0 ? `\x1b[${pane.cursorX}C` : ''}`;
  if (plan.kind === 'lines') return `\r${body}${toColumn}`;
  if (pane.alternateScreen) return `\x1b[?1049h\x1b[H\x1b[2J${body}\x1b[${pane.cursorY + 1};${pane.cursorX + 1}H`;
  return `\x1b[H\x1b[2J${body}${toColumn}`;
}

/** Reads `display -p` of PANE_STATE_FORMAT. */
export const PANE_STATE_FORMAT = '#{history_size} #{cursor_x} #{cursor_y} #{alternate_on}';

export function parsePaneState(line: string | undefined): PaneState | undefined {
  const match = /^(\d+) (\d+) (\d+) ([01])$/.exec(line?.trim() ?? '');
  if (!match) return undefined;
  return { historySize: Number(match[1]), cursorX: Number(match[2]), cursorY: Number(match[3]), alternateScreen: match[4] === '1' };
}

/** Line feeds in a piece of output. */
export function countLineFeeds(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return count;
}
