import { describe, expect, it } from 'vitest';
import { catchUpBytes, countLineFeeds, parsePaneState, planCatchUp, type PaneState } from './catchUp.js';
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from './reconnectBackoff.js';

const LIMIT = 1000;
const pane = (historySize: number, cursorY: number, cursorX = 0, alternateScreen = false): PaneState => ({ historySize, cursorX, cursorY, alternateScreen });

describe('planCatchUp', () => {
  it('captures from the line the tab had the cursor on to the cursor now', () => {
    // The tab had seen up to line 120 (history 100 + row 20); 30 lines came while cut: history 127, cursor row 23.
    expect(planCatchUp({ cursorLine: 120, lineFeedsSince: 0 }, pane(127, 23), LIMIT)).toEqual({ kind: 'lines', start: -7, end: 23 });
  });

  it('counts the line feeds the tab received after the last checkpoint as lines it has', () => {
    expect(planCatchUp({ cursorLine: 120, lineFeedsSince: 5 }, pane(127, 23), LIMIT)).toEqual({ kind: 'lines', start: -2, end: 23 });
  });

  it('never starts past the cursor (the pane was cleared, or fewer lines came than were counted)', () => {
    expect(planCatchUp({ cursorLine: 120, lineFeedsSince: 50 }, pane(100, 20), LIMIT)).toEqual({ kind: 'lines', start: 20, end: 20 });
  });

  it('redraws the screen when there is no checkpoint, when the history is near its limit (tmux trims it from the top), and for a full-screen program', () => {
    expect(planCatchUp(undefined, pane(0, 5), LIMIT)).toEqual({ kind: 'screen', start: 0, end: 5 });
    expect(planCatchUp({ cursorLine: 3, lineFeedsSince: 0 }, pane(100, 23), LIMIT)).toEqual({ kind: 'lines', start: -97, end: 23 });
    expect(planCatchUp({ cursorLine: 3, lineFeedsSince: 0 }, pane(LIMIT * 0.9, 23), LIMIT)).toEqual({ kind: 'screen', start: 0, end: 23 });
    expect(planCatchUp({ cursorLine: 120, lineFeedsSince: 0 }, pane(127, 23, 0, true), LIMIT)).toEqual({ kind: 'screen', start: 0, end: 23 });
  });
});

describe('planCatchUp for a tab that has nothing of the pane (longhaul restarted)', () => {
  it('redraws the screen with recent history above it', () => {
    expect(planCatchUp(undefined, pane(10, 5), LIMIT)).toEqual({ kind: 'screen', start: -10, end: 5 });
    expect(planCatchUp(undefined, pane(50_000, 5), LIMIT)).toEqual({ kind: 'screen', start: -1000, end: 5 });
  });
});

describe('catchUpBytes', () => {
  it('writes the missed lines over the one the tab has in part, and puts the cursor back in its column', () => {
    expect(catchUpBytes({ kind: 'lines', start: -1, end: 0 }, ['$ seq 2', '1', '2', '$'], pane(5, 0, 2))).toBe('\r$ seq 2\r\n1\r\n2\r\n$\r\x1b[2C');
  });

  it('redraws the screen below its history, leaving the cursor on the last line written, in its column', () => {
    // However many rows the tab has: 2 lines of history and 3 of screen leave the cursor after `--More--`.
    expect(catchUpBytes({ kind: 'screen', start: -2, end: 2 }, ['1', '2', '3', '4', '--More--'], pane(2, 2, 8))).toBe(
      '\x1b[H\x1b[2J1\r\n2\r\n3\r\n4\r\n--More--\r\x1b[8C',
    );
  });

  it('redraws a full-screen program on the alternate screen', () => {
    expect(catchUpBytes({ kind: 'screen', start: 0, end: 1 }, ['a', 'b'], pane(0, 1, 1, true))).toBe('\x1b[?1049h\x1b[H\x1b[2Ja\r\nb\x1b[2;2H');
  });
});

describe('parsePaneState', () => {
  it('reads tmux’s answer, and nothing else', () => {
    expect(parsePaneState('282 20 23 0')).toEqual(pane(282, 23, 20));
    expect(parsePaneState('0 0 0 1')).toEqual(pane(0, 0, 0, true));
    expect(parsePaneState('')).toBeUndefined();
    expect(parsePaneState(undefined)).toBeUndefined();
    expect(parsePaneState('1 2 3')).toBeUndefined();
  });

  it('counts line feeds', () => {
    expect(countLineFeeds(Buffer.from('a\r\nb\nc'))).toBe(2);
  });
});

describe('reconnectDelayMs', () => {
  it('tries at once, then doubles from half a second, never beyond the cap', () => {
    expect([0, 1, 2, 3, 4].map(reconnectDelayMs)).toEqual([0, 500, 1000, 2000, 4000]);
    expect(reconnectDelayMs(10)).toBe(MAX_RECONNECT_DELAY_MS);
    expect(reconnectDelayMs(10_000)).toBe(MAX_RECONNECT_DELAY_MS);
  });
});
