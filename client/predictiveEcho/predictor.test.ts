import { describe, expect, it } from 'vitest';
import { MISPREDICTION_LIMIT, SUSPEND_MS } from './policy.js';
import { EXPIRY_MIN_MS, QUIET_MS } from './predictor.js';
import { Harness } from '../../test/support/predictiveEcho/harness.js';

// Traces: keystrokes and the bytes a shell sends back, written by hand after bash (readline), zsh, dash
// (the tty's own echo) and fish. Screens are drawn as text with `|` at the cursor. Unless a test says
// otherwise the link is 250 ms round trip and the preference is Always.
const RTT = 250;

/** A bash prompt whose first epoch is already confirmed: typing on it shows at once. */
async function bashWithConfirmedEpoch(cols = 30, rows = 6): Promise<Harness> {
  const h = new Harness(cols, rows);
  await h.host('$ ');
  h.type('l');
  await h.wait(RTT);
  await h.host('l');
  return h;
}

describe('typing at a bash prompt', () => {
  it('hides the first keystroke until the host echoes it, then shows the rest at once', async () => {
    const h = new Harness();
    await h.host('$ ');
    h.type('e');
    expect(h.drawn()).toBe('$ |');
    await h.wait(50);
    h.type('c');
    expect(h.drawn()).toBe('$ |');
    await h.wait(200);
    await h.host('e');
    expect(h.drawn()).toBe('$ ec|'); // the echo confirmed the epoch: the pending c shows
    await h.wait(50);
    await h.host('c');
    h.type('h');
    expect(h.drawn()).toBe('$ ech|');
    h.type('o');
    expect(h.drawn()).toBe('$ echo|');
    expect(h.real()).toBe('$ ec|');
    await h.wait(RTT);
    await h.host('ho');
    expect(h.real()).toBe('$ echo|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('measures keystroke → echo times', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    await h.wait(180);
    await h.host('s');
    const latency = h.predictor.echoLatency();
    expect(latency.recentMs).toEqual([RTT, 180]);
    expect(latency.sampleCount).toBe(2);
    expect(latency.smoothedMs).toBeCloseTo(RTT + (180 - RTT) / 8);
    expect(latency.mispredictions).toBe(0);
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('Backspace at the end of the line (bash: \\b ESC[K)', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    h.type('x');
    h.type('\x7f');
    expect(h.drawn()).toBe('$ ls|');
    await h.wait(RTT);
    await h.host('s');
    await h.host('x');
    expect(h.drawn()).toBe('$ ls|');
    await h.host('\b\x1b[K');
    await h.quiet();
    expect(h.real()).toBe('$ ls|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('arrows and editing mid-line (bash: \\b, ESC[1@, ESC[P)', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('s -l');
    await h.wait(RTT);
    await h.host('s -l');
    expect(h.nothingLeftToDraw()).toBe(true);

    h.type('\x1b[D');
    h.type('\x1b[D');
    h.type('\x1b[D');
    expect(h.drawn()).toBe('$ ls| -l');
    h.type('a');
    expect(h.drawn()).toBe('$ lsa| -l');
    h.type('\x1b[C');
    expect(h.drawn()).toBe('$ lsa |-l');
    h.type('\x7f');
    expect(h.drawn()).toBe('$ lsa|-l');
    await h.wait(RTT);
    await h.host('\b\b\b');
    await h.host('\x1b[1@a');
    await h.host(' '); // → redraws the character it passes over
    await h.host('\b\x1b[P');
    await h.quiet();
    expect(h.real()).toBe('$ lsa|-l');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('mid-line insert redrawn as the character, the rest of the line, and backspaces', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('s');
    await h.wait(RTT);
    await h.host('s');
    h.type('\x1b[D');
    h.type('-');
    expect(h.drawn()).toBe('$ l-|s');
    await h.wait(RTT);
    await h.host('\b');
    await h.host('-s\b');
    expect(h.real()).toBe('$ l-|s');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('accepts a redraw that arrives in pieces', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('s -l');
    for (let i = 0; i < 3; i++) h.type('\x1b[D');
    await h.wait(RTT);
    await h.host('s -l\b\b\b');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
    h.type('\x7f');
    expect(h.drawn()).toBe('$ l| -l');
    await h.wait(RTT);
    await h.host('\b -l'); // Backspace, first half of the redraw
    await h.wait(QUIET_MS - 5);
    await h.host(' \b\b\b\b');
    await h.quiet();
    expect(h.real()).toBe('$ l| -l');
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('Enter', () => {
  it('predicts nothing visible on the next line until the host confirms it', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    h.type('\r');
    expect(h.drawn()).toBe('$ ls|'); // the move to the next row is a new epoch: hidden
    h.type('p'); // typed ahead before the prompt
    h.type('w');
    expect(h.drawn()).toBe('$ ls|');
    await h.wait(RTT);
    await h.host('s\r\n');
    expect(h.drawn()).toBe('$ ls\n|');
    await h.host('a.txt  b.txt\r\n$ ');
    await h.host('pw'); // readline shows what was typed ahead
    await h.quiet();
    expect(h.real()).toBe('$ ls\na.txt  b.txt\n$ pw|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('a mistyped command and its error', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('sl');
    h.type('\r');
    expect(h.drawn()).toBe('$ lsl|');
    await h.wait(RTT);
    await h.host('sl\r\nbash: lsl: command not found\r\n$ ');
    await h.quiet();
    expect(h.real()).toBe('$ lsl\nbash: lsl: command not found\n$ |');
    expect(h.nothingLeftToDraw()).toBe(true);
    // The new line starts a new epoch: the first keystroke waits for its echo again.
    h.type('p');
    expect(h.drawn()).toBe(h.real());
  });

  it('on the bottom row, where the screen scrolls', async () => {
    const h = new Harness(20, 3);
    await h.host('one\r\ntwo\r\n$ ');
    h.type('l');
    await h.wait(RTT);
    await h.host('l');
    h.type('s');
    h.type('\r');
    h.type('x');
    expect(h.drawn()).toBe('one\ntwo\n$ ls|');
    await h.wait(RTT);
    await h.host('s\r\n');
    await h.host('a.txt\r\n$ x');
    await h.quiet();
    expect(h.real()).toBe('$ ls\na.txt\n$ x|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('the right margin', () => {
  it('wraps at the last column at once, whether the host forces the wrap (bash: c SP CR) or not', async () => {
    const h = new Harness(10, 4);
    await h.host('$ ');
    h.type('a');
    await h.wait(RTT);
    await h.host('a');
    await h.typeEach('bcdefg');
    expect(h.drawn()).toBe('$ abcdefg|');
    h.type('h'); // the last column: a pending wrap is the start of the next row
    h.type('i');
    expect(h.drawn()).toBe('$ abcdefgh\ni|');
    await h.wait(RTT);
    await h.host('bcdefg');
    await h.host('h \r');
    expect(h.drawn()).toBe('$ abcdefgh\ni|');
    await h.host('i');
    h.type('j');
    expect(h.drawn()).toBe('$ abcdefgh\nij|');
    await h.wait(RTT);
    await h.host('j');
    expect(h.real()).toBe('$ abcdefgh\nij|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('follows the terminal’s own wrap when the host just prints on (the tty echo under dash)', async () => {
    const h = new Harness(10, 4);
    await h.host('$ ');
    h.type('a');
    await h.wait(RTT);
    await h.host('a');
    await h.typeEach('bcdefghij');
    await h.wait(RTT);
    await h.host('bcdefghij');
    await h.quiet();
    expect(h.real()).toBe('$ abcdefgh\nij|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('prompts that do not echo', () => {
  /** Asserts no predicted cell is drawn, after every step. */
  function neverShowsACell(h: Harness): () => void {
    return () => expect(h.overlay().cells).toEqual([]);
  }

  it('read -s: no typed character is ever drawn', async () => {
    const h = await bashWithConfirmedEpoch(40);
    const check = neverShowsACell(h);
    await h.typeEach("s; read -s -p 'Password: ' pw");
    await h.wait(RTT);
    await h.host("s; read -s -p 'Password: ' pw");
    h.type('\r');
    await h.wait(RTT);
    await h.host('\r\nPassword: ');
    for (const ch of 'hunter2') {
      h.type(ch);
      check();
      await h.wait(40);
      check();
    }
    h.type('\r');
    check();
    await h.wait(RTT);
    await h.host('$ ');
    check();
    await h.quiet();
    expect(h.real()).toBe("$ ls; read -s -p 'Password: ' pw\nPassword: $ |");
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('a password typed ahead, before the prompt appeared', async () => {
    const h = await bashWithConfirmedEpoch();
    const check = neverShowsACell(h);
    await h.host('');
    h.type('\r');
    for (const ch of 'secret') {
      h.type(ch);
      check();
    }
    await h.wait(RTT);
    await h.host('\r\n[sudo] password for me: ');
    check();
    await h.quiet();
    check();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('a prompt that appears after echoed text, without an Enter between', async () => {
    const h = await bashWithConfirmedEpoch();
    const check = neverShowsACell(h);
    h.type('\r'); // runs a program that reads a line, then a password
    await h.wait(RTT);
    await h.host('\r\n');
    h.type('y');
    await h.wait(RTT);
    await h.host('y'); // the tty echoes: this epoch is confirmed
    await h.host('\r\nPassword: '); // the program turned echo off and asked
    for (const ch of 'secret') {
      h.type(ch);
      check();
      await h.wait(30);
    }
    await h.quiet();
    check();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('a prompt that appears while shown predictions are still on their way', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('\r');
    await h.wait(RTT);
    await h.host('\r\n');
    h.type('y');
    await h.wait(RTT);
    await h.host('y');
    h.type('e'); // shown: the epoch is confirmed
    expect(h.drawn()).toBe('$ l\nye|');
    await h.host('\r\nPassword: '); // …but the program never reads it with echo on
    h.type('s'); // typed while the screen disagrees: must not show
    expect(h.overlay().cells.map((c) => c.chars)).not.toContain('s');
    await h.quiet();
    h.type('t');
    expect(h.overlay().cells).toEqual([]);
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('keys that are not predicted', () => {
  it('Ctrl-C with predictions on their way', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('s -');
    h.type('\x03');
    expect(h.drawn()).toBe('$ ls -|');
    await h.wait(RTT);
    await h.host('s -^C\r\n$ ');
    await h.quiet();
    expect(h.real()).toBe('$ ls -^C\n$ |');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('a paste is not predicted, and what follows waits for the host', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s; echo hello world');
    expect(h.drawn()).toBe('$ l|');
    h.type('!');
    expect(h.drawn()).toBe('$ l|');
    await h.wait(RTT);
    await h.host('s; echo hello world!');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('Tab completion, then typing on', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.typeEach('s --col');
    h.type('\t');
    h.type('=');
    expect(h.drawn()).toBe('$ ls --col|');
    await h.wait(RTT);
    await h.host('s --col');
    await h.host('or'); // completion
    await h.host('=');
    await h.quiet();
    expect(h.real()).toBe('$ ls --color=|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('a bell answers a key the shell refused: the prediction goes', async () => {
    const h = new Harness();
    await h.host('$ ');
    h.type('\x7f'); // nothing to erase yet; readline rings
    await h.wait(RTT);
    await h.host('\x07');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
    h.type('a');
    await h.wait(RTT);
    await h.host('a');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('does not predict ← or Backspace into the prompt once it knows where input starts', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('\x1b[D');
    expect(h.drawn()).toBe('$ |l');
    h.type('\x1b[D'); // into the prompt: not predicted
    h.type('\x7f');
    expect(h.drawn()).toBe('$ |l');
    await h.wait(RTT);
    await h.host('\b\x07\x07');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });
});

describe('zsh', () => {
  it('redraws the previous character with each new one (\\b<prev><char>)', async () => {
    const h = new Harness();
    await h.host('% ');
    h.type('l');
    await h.wait(RTT);
    await h.host('l');
    await h.typeEach('s -a');
    expect(h.drawn()).toBe('% ls -a|');
    await h.wait(RTT);
    await h.host('\bls');
    await h.host('\bs ');
    expect(h.drawn()).toBe('% ls -a|');
    await h.host('\b -');
    await h.host('\b-a');
    expect(h.real()).toBe('% ls -a|');
    expect(h.nothingLeftToDraw()).toBe(true);
    h.type('\x7f');
    expect(h.drawn()).toBe('% ls -|');
    await h.wait(RTT);
    await h.host('\b \b');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('recolours the line as a whole (zsh-syntax-highlighting) without disturbing predictions', async () => {
    const h = new Harness();
    await h.host('% ');
    h.type('l');
    await h.wait(RTT);
    await h.host('l');
    h.type('s');
    h.type(' ');
    await h.wait(RTT);
    await h.host('s\r% \x1b[32mls\x1b[0m');
    expect(h.drawn()).toBe('% ls |');
    await h.host(' ');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('fish', () => {
  const GREY = '\x1b[90m';
  const PLAIN = '\x1b[39m';

  it('types along an autosuggestion, then away from it', async () => {
    const h = new Harness();
    await h.host('> ');
    h.type('e');
    await h.wait(RTT);
    await h.host(`e${GREY}cho hello${PLAIN}\x1b[9D`);
    expect(h.drawn()).toBe('> e|cho hello');
    h.type('c'); // as suggested: takes the suggestion's place
    expect(h.drawn()).toBe('> ec|ho hello');
    expect(h.overlay().cells).toHaveLength(1); // only the typed c, drawn as typed text
    expect(h.overlay().cells[0]).toMatchObject({ x: 3, chars: 'c', style: { fgMode: 'default' } });
    h.type('x'); // away from it: the suggestion goes
    expect(h.drawn()).toBe('> ecx|');
    await h.wait(RTT);
    await h.host('c');
    await h.host('x\x1b[K');
    expect(h.real()).toBe('> ecx|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('Backspace with a suggestion shown, and a new suggestion drawn later', async () => {
    const h = new Harness();
    await h.host('> ');
    h.type('g');
    await h.wait(RTT);
    await h.host(`g${GREY}it status${PLAIN}\x1b[9D`);
    h.type('o');
    expect(h.drawn()).toBe('> go|');
    h.type('\x7f');
    expect(h.drawn()).toBe('> g|');
    await h.wait(RTT);
    await h.host('o\x1b[K');
    await h.host(`\b \b${GREY}it status${PLAIN}\x1b[9D`);
    await h.quiet();
    expect(h.real()).toBe('> g|it status');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  // The next two are what fish 3.6 sent in test/integration/predictiveEchoShells.test.ts.
  it('typing on away from a suggestion: fish clears it before the next character arrives', async () => {
    const h = new Harness();
    await h.host('> ');
    h.type('e');
    await h.wait(RTT);
    await h.host(`e${GREY}cho there${PLAIN}\x1b[9D`);
    h.type('w'); // away from the suggestion: it goes
    await h.wait(50);
    h.type('o'); // where the suggestion's h was
    expect(h.drawn()).toBe('> ewo|');
    await h.wait(RTT - 50);
    await h.host('w\x1b[K'); // the o's cell is blank now: on its way, not wrong
    await h.wait(30);
    expect(h.drawn()).toBe('> ewo|');
    await h.wait(20);
    await h.host('o');
    await h.quiet();
    expect(h.real()).toBe('> ewo|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  // From client/predictiveEcho/traces/fish.json: typing `ecoh` along the suggestion `echo the quick …`, fish
  // dropped the suggestion with the echo of the o, before the h (typed along it) arrived.
  it('typing along a suggestion: fish drops it before the next character arrives', async () => {
    const h = new Harness();
    await h.host('> ');
    h.type('e');
    await h.wait(RTT);
    await h.host(`e${GREY}cho hello${PLAIN}\x1b[9D`);
    h.type('c'); // along the suggestion
    await h.wait(50);
    h.type('h'); // along it too
    expect(h.drawn()).toBe('> ech|o hello');
    await h.wait(RTT - 50);
    await h.host(`${'\x1b[91m'}c${PLAIN}\x1b[K`); // the h's cell is blank now: on its way, not wrong
    await h.wait(30);
    expect(h.drawn()).toBe('> ech|');
    await h.wait(20);
    await h.host('h');
    await h.quiet();
    expect(h.real()).toBe('> ech|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('typing on away from a suggestion: fish suggests something else before the next character arrives', async () => {
    const h = new Harness();
    await h.host('> ');
    h.type('e');
    await h.wait(RTT);
    await h.host(`e${GREY}cho there${PLAIN}\x1b[9D`);
    h.type('w');
    await h.wait(50);
    h.type('o');
    await h.wait(RTT - 50);
    await h.host(`w${GREY}rong turn${PLAIN}\x1b[9D`); // the new suggestion's r where the o will go
    await h.wait(30);
    expect(h.drawn()).toBe('> ewo|ong turn'); // the o stays; the rest of the new suggestion shows until it goes
    await h.wait(20);
    await h.host('o\x1b[K');
    await h.quiet();
    expect(h.real()).toBe('> ewo|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });
});

describe('dash (the tty echoes)', () => {
  it('Backspace as \\b SP \\b', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    h.type('\x7f');
    await h.wait(RTT);
    await h.host('s');
    await h.host('\b \b');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('← echoed as ^[[D: the misprediction is rolled back within a quiet period', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('\x1b[D');
    expect(h.drawn()).toBe('$ |l');
    await h.wait(RTT);
    await h.host('^[[D');
    expect(h.real()).toBe('$ l^[[D|');
    await h.wait(QUIET_MS);
    expect(h.drawn()).toBe('$ l^[[D|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(1);
  });
});

describe('full-screen programs', () => {
  it('predicts nothing in the alternate screen', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.host('\x1b[?1049h\x1b[H~\r\n~');
    h.type('i');
    h.type('x');
    expect(h.overlay()).toMatchObject({ display: false, cells: [], status: { kind: 'altScreen' } });
    await h.wait(RTT);
    await h.host('\x1b[?1049l');
    expect(h.overlay().status).toEqual({ kind: 'showing' });
    h.type('s');
    expect(h.drawn()).toBe(h.real()); // a new epoch after the program
    await h.wait(RTT);
    await h.host('s');
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('display policy', () => {
  it('Auto stays out of the way on a fast link, and measures', async () => {
    const h = new Harness(30, 6, 'auto');
    await h.host('$ ');
    // Nothing timed yet: it does not claim the echo is fast.
    expect(h.overlay().status).toEqual({ kind: 'measuring' });
    for (const ch of 'echo') {
      h.type(ch);
      expect(h.overlay().cells).toEqual([]);
      await h.wait(5);
      await h.host(ch);
    }
    expect(h.overlay().status).toEqual({ kind: 'standby' });
    expect(h.predictor.echoLatency().smoothedMs).toBe(5);
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('Auto shows predictions, underlined, on a slow link', async () => {
    const h = new Harness(30, 6, 'auto');
    await h.host('$ ');
    h.type('e');
    await h.wait(RTT);
    await h.host('e');
    expect(h.overlay().status).toEqual({ kind: 'showing' });
    h.type('c');
    expect(h.overlay().cells).toEqual([expect.objectContaining({ chars: 'c', underline: true })]);
    await h.wait(RTT);
    await h.host('c');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('a glitch on a fast link turns display on', async () => {
    const h = new Harness(30, 6, 'auto');
    await h.host('$ ');
    for (const ch of 'ech') {
      h.type(ch);
      await h.wait(5);
      await h.host(ch);
    }
    h.type('o');
    expect(h.overlay().cells).toEqual([]);
    await h.wait(300); // the echo is late
    expect(h.overlay().status).toEqual({ kind: 'showing' });
    expect(h.drawn()).toBe('$ echo|');
    await h.host('o');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('Never draws nothing, and still measures', async () => {
    const h = new Harness(30, 6, 'never');
    await h.host('$ ');
    await h.typeEach('ab');
    await h.wait(RTT);
    expect(h.overlay()).toMatchObject({ display: false, status: { kind: 'off' } });
    await h.host('ab');
    expect(h.predictor.echoLatency().sampleCount).toBe(2);
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('can be switched per tab', async () => {
    const h = await bashWithConfirmedEpoch();
    h.predictor.setPreference('never');
    h.type('s');
    expect(h.drawn()).toBe('$ l|');
    h.predictor.setPreference('always');
    expect(h.drawn()).toBe('$ ls|');
    await h.wait(RTT);
    await h.host('s');
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('self-protection', () => {
  /** A REPL that echoes letters in upper case: every shown letter is a misprediction. */
  async function mispredictOnce(h: Harness): Promise<void> {
    h.type('1');
    await h.wait(RTT);
    await h.host('1'); // confirms a new epoch
    h.type('a');
    await h.wait(RTT);
    await h.host('A');
    await h.quiet();
  }

  it('stops drawing after repeated mispredictions, says so, and resumes later', async () => {
    const h = new Harness(60, 6);
    await h.host('> ');
    for (let i = 0; i < MISPREDICTION_LIMIT; i++) await mispredictOnce(h);
    expect(h.predictor.echoLatency().mispredictions).toBe(MISPREDICTION_LIMIT);
    const status = h.overlay().status;
    expect(status.kind).toBe('suspended');
    h.type('2');
    await h.wait(RTT);
    await h.host('2');
    h.type('3');
    expect(h.overlay()).toMatchObject({ display: false, cells: [] });
    await h.wait(RTT);
    await h.host('3');
    await h.wait(SUSPEND_MS);
    expect(h.overlay().status).toEqual({ kind: 'showing' });
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('does not count mispredictions that were never shown', async () => {
    const h = new Harness();
    await h.host('> ');
    for (let i = 0; i < 5; i++) {
      h.type('a');
      await h.wait(RTT);
      await h.host('A');
      await h.quiet();
    }
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
    expect(h.overlay().status).toEqual({ kind: 'showing' });
    expect(h.nothingLeftToDraw()).toBe(true);
  });
});

describe('housekeeping', () => {
  it('keeps predictions through a stalled link, underlined, and drops them in the end', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    expect(h.drawn()).toBe('$ ls|');
    await h.wait(EXPIRY_MIN_MS - 1);
    expect(h.drawn()).toBe('$ ls|');
    expect(h.overlay().cells[0]!.underline).toBe(true);
    await h.wait(1);
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('waits for an echo the host held up, though the echo of the key before it came since', async () => {
    // bash on a loaded host (test/integration/predictiveEchoShells.test.ts): one echo 160 ms late.
    const h = await bashWithConfirmedEpoch(40);
    for (const ch of 'ls -la; ') {
      // A steady echo time first: the predictor then expects answers within a narrow margin.
      h.type(ch);
      await h.wait(RTT);
      await h.host(ch);
    }
    h.type('e');
    await h.wait(100);
    h.type('c');
    await h.wait(RTT - 100);
    await h.host('e'); // on time, but only 150 ms after the c: not its answer
    await h.wait(50);
    h.type('h');
    await h.wait(200);
    expect(h.drawn()).toBe('$ lls -la; ech|');
    expect(h.real()).toBe('$ lls -la; e|');
    await h.wait(20);
    await h.host('c'); // 420 ms after it was typed
    await h.wait(30);
    await h.host('h');
    await h.quiet();
    expect(h.real()).toBe('$ lls -la; ech|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('settles a key the host ignored, once the host has answered around it', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    await h.wait(RTT);
    await h.host('s');
    h.type('\x1b[D');
    h.type('\x1b[C'); // this shell ignores → without a word
    expect(h.drawn()).toBe('$ ls|');
    await h.wait(RTT);
    await h.host('\b');
    await h.quiet();
    expect(h.real()).toBe('$ l|s');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('forgets predictions when the terminal is resized', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('s');
    h.terminal.resize(40, 6);
    h.predictor.tick();
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('asks for a timer only while something is pending', async () => {
    const h = await bashWithConfirmedEpoch();
    await h.quiet();
    expect(h.predictor.nextTickAt()).toBeUndefined();
    h.type('s');
    expect(h.predictor.nextTickAt()).toBe(h.now + 250); // the glitch check
    await h.wait(RTT);
    await h.host('s');
    await h.quiet();
    expect(h.predictor.nextTickAt()).toBeUndefined();
  });
});

describe('Japanese, emoji and combining marks', () => {
  /** A bash prompt where a wide character has been echoed already: the host's widths are known to agree. */
  async function bashTrustingWidths(cols = 30, rows = 6): Promise<Harness> {
    const h = await bashWithConfirmedEpoch(cols, rows);
    h.type('日');
    await h.wait(RTT);
    await h.host('日');
    await h.quiet();
    return h;
  }

  it('a key typed the moment a prompt appears under wide output shows once its echo comes (issue 20)', async () => {
    const h = await bashTrustingWidths();
    h.type('\r');
    await h.wait(RTT);
    await h.host('\r\n日本\r\n$ '); // the command's output, then the prompt
    // Typed before the rollback of the Enter's guess (QUIET_MS): first tried where that guess put the cursor,
    // on the wide text, then predicted again on the prompt.
    await h.wait(QUIET_MS - 10);
    h.type('e');
    await h.wait(90);
    h.type('c');
    await h.wait(90);
    h.type('h');
    await h.wait(RTT - 180);
    await h.host('e');
    expect(h.drawn()).toBe('$ l日\n日本\n$ ech|');
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('once the host has echoed one wide character, the next ones show at once at their two columns', async () => {
    const h = await bashTrustingWidths();
    h.type('本');
    expect(h.drawn()).toBe('$ l日本|');
    h.type('語');
    expect(h.drawn()).toBe('$ l日本語|');
    expect(h.real()).toBe('$ l日|');
    await h.wait(RTT);
    await h.host('本語');
    expect(h.real()).toBe('$ l日本語|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('shows wide characters at once from the start; a host not in UTF-8 costs one misprediction, then they wait', async () => {
    const h = await bashWithConfirmedEpoch();
    h.type('日');
    expect(h.drawn()).toBe('$ l日|');
    await h.wait(RTT);
    await h.host('\\346\\227\\245'); // what a shell in the C locale might show instead
    await h.quiet();
    expect(h.drawn()).toBe(h.real());
    expect(h.predictor.echoLatency().mispredictions).toBe(1);
    h.type('本');
    expect(h.drawn()).toBe(h.real()); // waits for the host's word now
    await h.wait(RTT);
    await h.host('\\346\\234\\254');
    await h.quiet();
    expect(h.drawn()).toBe(h.real());
    expect(h.predictor.echoLatency().mispredictions).toBe(1);
  });

  it("predicts an input method's commit as one edit, shown at once, and rolls it back as one", async () => {
    const h = await bashTrustingWidths();
    h.type('本語を', 'composed');
    expect(h.drawn()).toBe('$ l日本語を|');
    await h.wait(RTT);
    await h.host('\x07'); // the host refused it (say, a full line): everything goes, nothing is left drawn
    await h.quiet();
    expect(h.drawn()).toBe('$ l日|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it("confirms an input method's commit with one echo sample", async () => {
    const h = await bashTrustingWidths();
    const before = h.predictor.echoLatency().sampleCount;
    h.type('本語', 'composed');
    await h.wait(RTT);
    await h.host('本語');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().sampleCount).toBe(before + 1);
  });

  it('draws an emoji with its skin tone whole, as the terminal lays it out, once the host has', async () => {
    const h = await bashTrustingWidths();
    h.type('👋🏽');
    h.type('!');
    expect(h.drawn()).toBe('$ l日|');
    await h.wait(RTT);
    await h.host('👋🏽');
    expect(h.drawn()).toBe('$ l日👋🏽!|');
    await h.host('!');
    expect(h.real()).toBe('$ l日👋🏽!|');
    expect(h.nothingLeftToDraw()).toBe(true);
  });

  it('joins a combining accent typed on its own to the letter before it, once the host has (zsh may show <0301>)', async () => {
    const h = await bashTrustingWidths();
    h.type('e');
    h.type('\u0301');
    expect(h.drawn()).toBe('$ l日e|');
    await h.wait(RTT);
    await h.host('e\u0301');
    expect(h.drawn()).toBe('$ l日e\u0301|');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('Backspace over a wide character takes both its columns (bash: \\b\\b ESC[K)', async () => {
    const h = await bashTrustingWidths();
    h.type('\x7f');
    expect(h.drawn()).toBe('$ l|');
    await h.wait(RTT);
    await h.host('\b\b\x1b[K');
    expect(h.real()).toBe('$ l|');
    await h.quiet(); // a cursor move alone answers once output is quiet
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('a wide character typed in the last column goes to the next row, the last cell left empty', async () => {
    const h = new Harness(10, 4);
    await h.host('$ ');
    await h.typeEach('abcdef');
    await h.wait(RTT);
    await h.host('abcdef');
    h.type('本'); // column 8 of 10: fits
    h.type('語'); // column 10 would be past the margin
    await h.wait(RTT);
    await h.host('本語');
    expect(h.real()).toBe('$ abcdef本\n語|');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('predicts the wrap of a wide character at the margin, the last cell left empty', async () => {
    const h = new Harness(10, 4);
    await h.host('$ ');
    h.type('日');
    await h.wait(RTT);
    await h.host('日');
    await h.typeEach('abcde');
    await h.wait(RTT);
    await h.host('abcde');
    await h.quiet();
    expect(h.drawn()).toBe('$ 日abcde|');
    h.type('語');
    h.type('x');
    expect(h.drawn()).toBe('$ 日abcde\n語x|'); // no pending wrap to differ on: it shows at once
    await h.wait(RTT);
    await h.host('語');
    await h.host('x');
    await h.quiet();
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });
});

describe('prompts the shell marks (OSC 133)', () => {
  const A = '\x1b]133;A\x07';
  const B = '\x1b]133;B\x07';
  const C = '\x1b]133;C\x07';
  const D = '\x1b]133;D;0\x07';

  /** A bash whose first marked prompt (never trusted: lines may have been typed ahead of it) has passed. */
  async function atSecondMarkedPrompt(): Promise<Harness> {
    const h = new Harness();
    await h.host(`${A}$ ${B}`);
    h.type('\r');
    await h.wait(RTT);
    await h.host(`\r\n${A}$ ${B}`);
    await h.wait(QUIET_MS);
    return h;
  }

  it('does not trust the first marked prompt seen (a line may have been typed ahead of it)', async () => {
    const h = new Harness();
    await h.host(`${A}$ ${B}`);
    h.type('l');
    expect(h.drawn()).toBe('$ |');
  });

  it('shows the first key of a line at a marked prompt at once', async () => {
    const h = await atSecondMarkedPrompt();
    h.type('l');
    expect(h.drawn()).toBe('$\n$ l|');
    h.type('s');
    expect(h.drawn()).toBe('$\n$ ls|');
    await h.wait(RTT);
    await h.host('ls');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('shows the first key of every line, prompt after prompt', async () => {
    const h = await atSecondMarkedPrompt();
    h.type('l');
    await h.wait(RTT);
    await h.host('l');
    h.type('\r');
    await h.wait(RTT);
    await h.host(`\r\n${C}file\r\n${D}${A}$ ${B}`);
    await h.wait(QUIET_MS); // no one types faster than the prompt is drawn
    h.type('p');
    expect(h.drawn()).toBe('$\n$ l\nfile\n$ p|');
  });

  it('shows the first key typed the moment the prompt is drawn, before the last line’s guess is rolled back', async () => {
    const h = await atSecondMarkedPrompt();
    h.type('l');
    await h.wait(RTT);
    await h.host('l');
    h.type('\r');
    await h.wait(RTT);
    await h.host(`\r\n${C}file\r\n${D}${A}$ ${B}`);
    h.type('p'); // no quiet period since the prompt: the Enter's guess (the row start) still disagrees with it
    expect(h.drawn()).toBe('$\n$ l\nfile\n$ p|');
    await h.wait(RTT);
    await h.host('p');
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
  });

  it('draws nothing at a password prompt after the command started (read -s, sudo, passwd)', async () => {
    const h = new Harness();
    await h.host(`${A}$ ${B}`);
    await h.typeEach('sudo true');
    await h.wait(RTT);
    await h.host('sudo true');
    h.type('\r');
    await h.wait(RTT);
    await h.host(`\r\n${C}[sudo] password for me: `);
    for (const ch of 'hunter2') {
      h.type(ch);
      expect(h.drawn()).toBe('$ sudo true\n[sudo] password for me: |');
      await h.wait(40);
    }
    await h.quiet();
    expect(h.drawn()).toBe('$ sudo true\n[sudo] password for me: |');
  });

  it('does not take a prompt for marked when a line was typed ahead of it: it runs at once', async () => {
    const h = new Harness();
    h.type('s');
    h.type('\r'); // typed before the first prompt appeared
    await h.wait(RTT);
    await h.host(`${A}$ ${B}s\r\n`);
    h.type('p'); // the shell is running `s` now: this could be a password
    expect(h.drawn()).toBe('$ s\n|');
    await h.wait(RTT);
    await h.host(`${C}Password: `);
    await h.quiet();
    expect(h.drawn()).toBe('$ s\nPassword: |');
  });

  it('keeps the first-key rule where nothing is marked', async () => {
    const h = new Harness();
    await h.host('$ ');
    h.type('l');
    expect(h.drawn()).toBe('$ |');
  });

  it('does not show keys typed before the marked prompt appeared', async () => {
    const h = new Harness();
    await h.host(`${A}$ ${B}`);
    h.type('x');
    await h.wait(RTT);
    await h.host('x');
    h.type('\r');
    h.type('y'); // typed ahead of the next prompt
    await h.wait(RTT);
    await h.host(`\r\n${C}${D}${A}$ ${B}`);
    h.type('z');
    expect(h.drawn()).not.toContain('z|');
  });
});
