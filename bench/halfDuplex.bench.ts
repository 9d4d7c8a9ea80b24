// Half-duplex vs character mode at 250 ms round trip, through the real page in Chromium: messages and bytes for a typed 40-character line, and Enter → first output.
// Run: npm run bench:half-duplex   (builds, then runs this; BENCH_RUNS=n for n runs per mode, default 10)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { isTerminalReport } from '../client/halfDuplex/terminalReports.js';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { FRAME_HEADER_BYTES, FrameType } from '../shared/frames.js';
import { launchChromium } from '../test/support/browser.js';
import { startLonghaul } from '../test/support/longhaulProcess.js';
import { de1ConfigText } from '../test/support/page.js';
import { knownHostsLineFor, startSshd } from '../test/support/sshd.js';

const ONE_WAY_MS = 125;
const LINE_LENGTH = 40;
/** Between keystrokes: a quick typist (about 120 words a minute). */
const TYPING_DELAY_MS = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const COMMAND = `${process.env.BENCH_RUNS ? `BENCH_RUNS=${RUNS} ` : ''}npm run bench:half-duplex`;
const BENCHMARKS_FILE = path.resolve(import.meta.dirname, '../BENCHMARKS.md');
const SECTION_HEADING = '## Half-duplex vs character mode (issue 4)';

type Mode = 'character' | 'half-duplex';

interface Sent {
  at: number;
  binary: boolean;
  /** The WebSocket message's payload size (for input: the 9-byte header and the keys). */
  bytes: number;
  /** Input frames only: the keys, as text. */
  keys?: string;
}

interface Received {
  at: number;
  output: string;
}

interface Run {
  mode: Mode;
  inputMessages: number;
  inputBytes: number;
  /** inputBytes plus the WebSocket framing of each message (2-byte header and 4-byte mask from a browser, 4 more from 126 bytes). */
  inputWireBytes: number;
  /** Every message the page sent from the first key until the prompt was back: input, acknowledgements, anything else. */
  allMessages: number;
  enterToOutputMs: number;
}

const sent: Sent[] = [];
const received: Received[] = [];

/** A 40-character command whose output (`r3-42 abc…`) cannot be mistaken for its echo (`r3-$((6*7)) abc…`). */
function commandFor(run: number): { command: string; marker: string } {
  const prefix = `echo r${run}-$((6*7)) `;
  const command = prefix + 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, LINE_LENGTH - prefix.length);
  if (command.length !== LINE_LENGTH) throw new Error(`the command is ${command.length} characters, not ${LINE_LENGTH}`);
  return { command, marker: `r${run}-42 ` };
}

async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function setMode(page: Page, mode: Mode): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Half-duplex' });
  const want = String(mode === 'half-duplex');
  if ((await toggle.getAttribute('aria-pressed')) !== want) await toggle.click();
  if ((await toggle.getAttribute('aria-pressed')) !== want) throw new Error(`could not switch to ${mode} mode`);
}

async function measure(page: Page, mode: Mode, run: number): Promise<Run> {
  await setMode(page, mode);
  const { command, marker } = commandFor(run);
  const sentMark = sent.length;
  const receivedMark = received.length;
  await page.keyboard.type(command, { delay: TYPING_DELAY_MS });
  await page.keyboard.press('Enter');

  const enter = await waitFor(() => sent.slice(sentMark).find((s) => s.keys?.endsWith('\r')), 'the Enter to cross the socket');
  const output = await waitFor(() => received.slice(receivedMark).find((r) => r.output.includes(marker)), `output ${marker}`);
  // The prompt is back once the shell has printed after the output; then let the last acknowledgements go.
  await page.waitForFunction((m) => {
    const { lines, cursor } = window.longhaul.screen();
    return lines.some((line) => line.startsWith(m)) && /\$ ?$/.test(lines[cursor.y] ?? '');
  }, marker);
  await page.waitForTimeout(2 * ONE_WAY_MS + 100);

  const messages = sent.slice(sentMark);
  const input = messages.filter((s) => s.keys !== undefined);
  const wire = (bytes: number) => bytes + (bytes < 126 ? 6 : 8);
  return {
    mode,
    inputMessages: input.length,
    inputBytes: input.reduce((sum, s) => sum + s.bytes, 0),
    inputWireBytes: input.reduce((sum, s) => sum + wire(s.bytes), 0),
    allMessages: messages.length,
    enterToOutputMs: output.at - enter.at,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarise(runs: Run[], mode: Mode) {
  const mine = runs.filter((r) => r.mode === mode);
  const times = mine.map((r) => r.enterToOutputMs);
  return {
    inputMessages: median(mine.map((r) => r.inputMessages)),
    inputBytes: median(mine.map((r) => r.inputBytes)),
    inputWireBytes: median(mine.map((r) => r.inputWireBytes)),
    allMessages: median(mine.map((r) => r.allMessages)),
    enterMedian: median(times),
    enterMin: Math.min(...times),
    enterMax: Math.max(...times),
  };
}

function table(runs: Run[]): string {
  const c = summarise(runs, 'character');
  const h = summarise(runs, 'half-duplex');
  const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`);
  const ms = (s: typeof c) => `${s.enterMedian.toFixed(0)} ms (${s.enterMin.toFixed(0)}–${s.enterMax.toFixed(0)})`;
  const rows = [
    ['input messages (WebSocket)', String(c.inputMessages), String(h.inputMessages), ratio(c.inputMessages, h.inputMessages)],
    ['input bytes (payload, 9-byte header each)', String(c.inputBytes), String(h.inputBytes), ratio(c.inputBytes, h.inputBytes)],
    ['input bytes with WebSocket framing', String(c.inputWireBytes), String(h.inputWireBytes), ratio(c.inputWireBytes, h.inputWireBytes)],
    ['all messages sent, incl. output acks', String(c.allMessages), String(h.allMessages), ratio(c.allMessages, h.allMessages)],
    ['Enter → first output, median (min–max)', ms(c), ms(h), ratio(c.enterMedian, h.enterMedian)],
  ];
  const header = ['per typed 40-character line', 'character mode', 'half-duplex', 'character ÷ half-duplex'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function writeSection(body: string): void {
  const header = '# Benchmarks\n\nFigures that decisions rest on, each with the command that produced it. Re-run a section when the code it measures changes.\n';
  const existing = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : header;
  const section = `${SECTION_HEADING}\n\n${body.trim()}\n`;
  const start = existing.indexOf(SECTION_HEADING);
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    // Replace only this section: up to the next section heading (## …), leaving the others as they are.
    const after = existing.slice(start + SECTION_HEADING.length);
    const end = after.search(/\n## /);
    next = existing.slice(0, start) + section + (end === -1 ? '' : after.slice(end));
  }
  fs.writeFileSync(BENCHMARKS_FILE, next.trimEnd() + '\n');
}

const sshd = await startSshd();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bench-'));
const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
const config = path.join(work, 'config');
fs.writeFileSync(config, de1ConfigText(proxy.port, sshd.user, sshd.userKeyPath));
const known = path.join(work, 'known_hosts');
fs.writeFileSync(known, `${knownHostsLineFor({ port: proxy.port, hostPublicKey: sshd.hostPublicKey })}\n`);
const longhaul = await startLonghaul(['--durable', 'off', '--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const at = performance.now();
      if (typeof payload === 'string') {
        sent.push({ at, binary: false, bytes: Buffer.byteLength(payload) });
        return;
      }
      const keys = payload[0] === FrameType.Input ? payload.subarray(FRAME_HEADER_BYTES).toString('utf8') : undefined;
      // The terminal's replies to the shell's queries are not typing; neither mode sends them differently.
      if (keys !== undefined && isTerminalReport(keys)) return;
      sent.push({ at, binary: true, bytes: payload.length, keys });
    });
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === FrameType.Output) {
        received.push({ at: performance.now(), output: payload.subarray(FRAME_HEADER_BYTES).toString('utf8') });
      }
    });
  });
  await page.goto(longhaul.url);
  await page.getByLabel('Connect to').fill('de1');
  await page.getByLabel('Connect to').press('Enter');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });

  // One run of each mode first, not counted: the shell's first commands are slower (page cache, hashing).
  let run = 0;
  for (const mode of ['character', 'half-duplex'] as const) await measure(page, mode, run++);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate, so a drift in the machine's load touches both modes alike.
    for (const mode of i % 2 === 0 ? (['character', 'half-duplex'] as const) : (['half-duplex', 'character'] as const)) {
      const result = await measure(page, mode, run++);
      runs.push(result);
      console.log(`${mode.padEnd(11)} ${String(result.inputMessages).padStart(3)} input messages, ${String(result.inputBytes).padStart(4)} bytes, ${String(result.allMessages).padStart(3)} messages in all, Enter → output ${result.enterToOutputMs.toFixed(1)} ms`);
    }
  }

  const summary = table(runs);
  console.log(`\n${summary}\n`);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  writeSection(`
Command: \`${COMMAND}\` (\`bench/halfDuplex.bench.ts\`, ${RUNS} runs per mode after one warm-up each; medians shown).

The real page in Chromium ${browser.version()}, the real \`longhaul\` command and a test \`sshd\` behind the delay
proxy at ${ONE_WAY_MS} ms each way (${2 * ONE_WAY_MS} ms round trip). Each run types a ${LINE_LENGTH}-character command line
(\`${commandFor(1).command}\`) at ${TYPING_DELAY_MS} ms per key, then Enter, in one mode, then the other. Messages
and bytes are what the page sent, counted with Playwright's WebSocket events; the terminal's replies to queries
are left out. "Enter → first output" runs from the message carrying Enter leaving the page to the first output
frame holding the command's output arriving in it.

${summary}

What it shows: half-duplex sends the line in ${summarise(runs, 'half-duplex').inputMessages} messages instead of ${summarise(runs, 'character').inputMessages} (one per key): its first
character alone, so that nothing of a line is drawn before the host has shown that it echoes it (a secret at a
prompt that turned echo off never is), then the rest with Enter. It spares the acknowledgement the page sends
for each echo it draws. Enter → output is one round trip either way: the host
needs the whole line before it can run it, however the line got there. Its outliers come from the machine (a
busy moment, or processes waking after a quiet spell: character mode shows them too when it waits 4 s before
Enter) and hit both modes. What half-duplex saves in time is while typing: once the line's first character has
echoed, each edit is drawn at once, not after its echo ${2 * ONE_WAY_MS} ms later.

Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${os.cpus().length} cores), Node.js ${process.version}, ${os.type()} ${os.release()}.
`);
  console.log(`wrote ${path.relative(process.cwd(), BENCHMARKS_FILE)}`);
} finally {
  await browser.close();
  await longhaul.stop();
  await proxy.close();
  await sshd.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
