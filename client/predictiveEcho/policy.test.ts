import { describe, expect, it } from 'vitest';
import {
  followEchoTime,
  GLITCH_REPAIR_COUNT,
  GLITCH_REPAIR_INTERVAL_MS,
  INITIAL_PROTECTION,
  INITIAL_TRIGGERS,
  MISPREDICTION_LIMIT,
  MISPREDICTION_WINDOW_MS,
  noteConfirmation,
  noteMisprediction,
  notePendingAge,
  protectionAt,
  shouldDraw,
  shouldUnderline,
  statusOf,
  SUSPEND_FORGET_MS,
  SUSPEND_MAX_MS,
  SUSPEND_MS,
  type DisplayTriggers,
  type Protection,
} from './policy.js';

function afterEchoTimes(times: number[], drawing = false, from: DisplayTriggers = INITIAL_TRIGGERS): DisplayTriggers {
  return times.reduce((triggers, ms) => followEchoTime(triggers, ms, drawing), from);
}

describe('display triggers', () => {
  it('Auto draws once the echo is slower than 30 ms, and stops below 20 ms', () => {
    expect(shouldDraw('auto', afterEchoTimes([30]))).toBe(false);
    const slow = afterEchoTimes([31]);
    expect(shouldDraw('auto', slow)).toBe(true);
    expect(shouldDraw('auto', afterEchoTimes([25], false, slow))).toBe(true); // hysteresis
    expect(shouldDraw('auto', afterEchoTimes([20], false, slow))).toBe(true);
    expect(shouldDraw('auto', afterEchoTimes([19], false, slow))).toBe(false);
  });

  it('does not stop drawing while predictions are on screen', () => {
    const slow = afterEchoTimes([100]);
    expect(shouldDraw('auto', afterEchoTimes([5], true, slow))).toBe(true);
    expect(shouldDraw('auto', afterEchoTimes([5], false, slow))).toBe(false);
  });

  it('waits for a first measurement', () => {
    expect(followEchoTime(INITIAL_TRIGGERS, undefined, false)).toBe(INITIAL_TRIGGERS);
    expect(shouldDraw('auto', INITIAL_TRIGGERS)).toBe(false);
  });

  it('Always and Never override the measurement', () => {
    expect(shouldDraw('always', INITIAL_TRIGGERS)).toBe(true);
    expect(shouldDraw('never', afterEchoTimes([500]))).toBe(false);
  });

  it('underlines above 160 ms and stops below 100 ms', () => {
    expect(shouldUnderline(afterEchoTimes([160]))).toBe(false);
    const slow = afterEchoTimes([161]);
    expect(shouldUnderline(slow)).toBe(true);
    expect(shouldUnderline(afterEchoTimes([100], false, slow))).toBe(true);
    expect(shouldUnderline(afterEchoTimes([99], false, slow))).toBe(false);
  });
});

describe('glitches', () => {
  const fast = afterEchoTimes([5]);

  it('a prediction pending for 250 ms turns drawing on, even on a fast link', () => {
    expect(shouldDraw('auto', notePendingAge(fast, 249))).toBe(false);
    const glitched = notePendingAge(fast, 250);
    expect(shouldDraw('auto', glitched)).toBe(true);
    expect(shouldUnderline(glitched)).toBe(false);
  });

  it('one pending for a second underlines too', () => {
    expect(shouldUnderline(notePendingAge(fast, 1000))).toBe(true);
  });

  it('quick confirmations wear a glitch off, one per interval', () => {
    let triggers = notePendingAge(fast, 300);
    let now = 0;
    triggers = noteConfirmation(triggers, 10, now);
    triggers = noteConfirmation(triggers, 10, now + 1); // too soon: not counted
    expect(triggers.glitch).toBe(GLITCH_REPAIR_COUNT - 1);
    for (let i = 1; i < GLITCH_REPAIR_COUNT; i++) {
      now += GLITCH_REPAIR_INTERVAL_MS;
      triggers = noteConfirmation(triggers, 10, now);
    }
    expect(triggers.glitch).toBe(0);
    expect(shouldDraw('auto', triggers)).toBe(false);
  });

  it('slow confirmations do not', () => {
    const glitched = notePendingAge(fast, 300);
    expect(noteConfirmation(glitched, 400, 10_000)).toBe(glitched);
  });
});

describe('self-protection', () => {
  function mispredictAt(times: number[], from: Protection = INITIAL_PROTECTION): Protection {
    return times.reduce(noteMisprediction, from);
  }

  it('benches the predictor after repeated mispredictions in a short window', () => {
    const times = Array.from({ length: MISPREDICTION_LIMIT }, (_, i) => i * 1000);
    expect(mispredictAt(times.slice(0, -1)).kind).toBe('active');
    const benched = mispredictAt(times);
    expect(benched).toEqual({ kind: 'suspended', until: times[times.length - 1]! + SUSPEND_MS, strikes: 1 });
  });

  it('forgets mispredictions older than the window', () => {
    const spread = Array.from({ length: MISPREDICTION_LIMIT }, (_, i) => i * MISPREDICTION_WINDOW_MS);
    expect(mispredictAt(spread).kind).toBe('active');
  });

  it('resumes when the time is up', () => {
    const benched = mispredictAt([0, 1, 2]);
    expect(protectionAt(benched, 2 + SUSPEND_MS - 1).kind).toBe('suspended');
    expect(protectionAt(benched, 2 + SUSPEND_MS)).toMatchObject({ kind: 'active', recent: [] });
  });

  it('benches for longer each time it happens again soon, up to a cap', () => {
    let protection: Protection = INITIAL_PROTECTION;
    let now = 0;
    const durations: number[] = [];
    for (let i = 0; i < 8; i++) {
      protection = mispredictAt([now, now + 1, now + 2], protection);
      if (protection.kind !== 'suspended') throw new Error('expected a suspension');
      durations.push(protection.until - (now + 2));
      now = protection.until;
    }
    expect(durations.slice(0, 3)).toEqual([SUSPEND_MS, SUSPEND_MS * 2, SUSPEND_MS * 4]);
    expect(Math.max(...durations)).toBe(SUSPEND_MAX_MS);
  });

  it('starts over after a long good spell', () => {
    const first = protectionAt(mispredictAt([0, 1, 2]), 2 + SUSPEND_MS);
    const later = 2 + SUSPEND_MS + SUSPEND_FORGET_MS + 1;
    const again = mispredictAt([later, later + 1, later + 2], first);
    expect(again).toMatchObject({ kind: 'suspended', strikes: 1, until: later + 2 + SUSPEND_MS });
  });
});

describe('statusOf', () => {
  const slow = afterEchoTimes([200]);
  it('says why nothing is drawn, most important reason first', () => {
    expect(statusOf('never', slow, INITIAL_PROTECTION, true)).toEqual({ kind: 'off' });
    expect(statusOf('auto', slow, INITIAL_PROTECTION, true)).toEqual({ kind: 'altScreen' });
    expect(statusOf('auto', slow, { kind: 'suspended', until: 5, strikes: 1 }, false)).toEqual({
      kind: 'suspended',
      until: 5,
    });
    expect(statusOf('auto', slow, INITIAL_PROTECTION, false)).toEqual({ kind: 'showing' });
    expect(statusOf('auto', INITIAL_TRIGGERS, INITIAL_PROTECTION, false, true)).toEqual({ kind: 'standby' });
  });

  it('says Auto is measuring, not that the echo is fast, until an echo was timed', () => {
    expect(statusOf('auto', INITIAL_TRIGGERS, INITIAL_PROTECTION, false, false)).toEqual({ kind: 'measuring' });
    // Always draws and Never measures only, whatever was timed.
    expect(statusOf('always', INITIAL_TRIGGERS, INITIAL_PROTECTION, false, false)).toEqual({ kind: 'showing' });
    expect(statusOf('never', INITIAL_TRIGGERS, INITIAL_PROTECTION, false, false)).toEqual({ kind: 'off' });
  });
});
