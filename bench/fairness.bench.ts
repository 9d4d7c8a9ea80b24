// Fairness: keystroke → echo in one tab while another tab floods, through longhaul (headless and in Chromium), beside the same with nothing flooding and with OpenSSH's `ssh`.
// Run: npm run bench:fairness   (builds, then runs this; BENCH_KEYS=n keystrokes per case, default 100)
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { connect } from '../test/support/page.js';
import { BenchTab } from './support/benchTab.js';
import { addHostAlias, startBenchHost, startBenchLonghaul, type BenchHost, type Longhaul } from './support/benchHost.js';
import { launchBenchChromium, openShellPage } from './support/chromium.js';
import { startFleet } from './support/fleet.js';
import { sshTypist } from './support/sshTypist.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMs, fmtRate, latencyCell, MIB, percentile, table } from './support/stats.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 100);
/** Between one echo and the next key: a fast typist. */
const PAUSE_MS = 40;
const GOAL_P95_MS = 50;
const FLOOD = 'base64 -w 76 /dev/zero';
const HEADING = '## Fairness: typing in one tab while another floods (issue 7, item 2)';
const COMMAND = `${process.env.BENCH_KEYS ? `BENCH_KEYS=${KEYS} ` : ''}npm run bench:fairness`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Case {
  what: string;
  echoMs: number[];
  /** The flood's rate while the keys were timed (MiB/s), when there was one. */
  floodRate?: number;
}

/** Alternate `x` and Backspace (echoed as `\b…`), so the line never grows; time each key's echo. */
async function typeKeys(echo: (key: string, expect: string) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    times.push(i % 2 === 0 ? await echo('x', 'x') : await echo('\x7f', '\b'));
    await sleep(PAUSE_MS);
  }
  return times;
}

async function headlessTypist(longhaul: Longhaul, target = 'de1'): Promise<BenchTab> {
  const tab = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, target);
  await sleep(300);
  return tab;
}

const typeInto = (tab: BenchTab) => typeKeys((key, expect) => tab.echoRoundTrip(key, expect));

/** `ssh de1 'base64 …' > /dev/null`: OpenSSH flooding as fast as it can; its rate is counted from its stdout. */
function sshFlood(host: BenchHost): { child: ChildProcess; stop(): Promise<number> } {
  const child = spawn('ssh', ['-F', host.sshConfig, 'de1', FLOOD], { stdio: ['ignore', 'pipe', 'ignore'] });
  let bytes = 0;
  let startedAt = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (startedAt === 0) startedAt = performance.now();
    bytes += chunk.byteLength;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      child.kill('SIGTERM');
      await exited;
      return bytes / MIB / seconds;
    },
  };
}

/**
 * In the page: press keys in the active tab and take their echo times from the page's own instruments, from the
 * keydown (which includes Playwright's own round trip between keydown and the key's text) and from the key's frame
 * leaving the page.
 */
async function typeInPage(page: Page): Promise<{ fromKey: number[]; fromSend: number[] }> {
  await page.evaluate(() => window.longhaulBench.reset());
  for (let i = 0; i < KEYS; i++) {
    const before = await page.evaluate(() => window.longhaulBench.report().keys.filter((k) => k.echoAt !== undefined).length);
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
    await page.waitForFunction((n) => window.longhaulBench.report().keys.filter((k) => k.echoAt !== undefined).length > n, before, { polling: 5, timeout: 30_000 });
    await sleep(PAUSE_MS);
  }
  const { keys } = await page.evaluate(() => window.longhaulBench.report());
  const echoed = keys.filter((k) => k.echoAt !== undefined && k.sentAt !== undefined);
  return { fromKey: echoed.map((k) => k.echoAt! - k.handledAt), fromSend: echoed.map((k) => k.echoAt! - k.sentAt!) };
}

/**
 * A bare WebSocket in the page, speaking the protocol itself with no terminal behind it: what the network, the bridge
 * and the host take, seen from inside the page, without the page's own drawing and event handling.
 */
async function typeOnBareSocket(page: Page, keys: number, pauseMs: number): Promise<number[]> {
  return page.evaluate(
    async ({ keys, pauseMs, version }) => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      socket.binaryType = 'arraybuffer';
      await new Promise((resolve) => (socket.onopen = resolve));
      // A refusal (an old protocol version, say) closes the socket: say so rather than wait for an echo forever.
      let closed: string | undefined;
      let text = '';
      let wake: (() => void) | undefined;
      socket.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) {
          const bytes = new Uint8Array(event.data);
          text += new TextDecoder('latin1').decode(bytes.subarray(9));
          const view = new DataView(event.data);
          const end = view.getUint32(1) * 2 ** 32 + view.getUint32(5) + bytes.byteLength - 9;
          socket.send(JSON.stringify({ type: 'ack', offset: end }));
        }
        wake?.();
      };
      const until = (check: () => boolean) =>
        new Promise<void>((resolve, reject) => {
          wake = () => {
            if (check()) resolve();
            else if (closed !== undefined) reject(new Error(`the bridge closed the bare socket: ${closed}`));
          };
          wake();
        });
      socket.onclose = (event) => {
        closed = `${event.code} ${event.reason}`;
        wake?.();
      };
      socket.send(JSON.stringify({ type: 'hello', version }));
      socket.send(JSON.stringify({ type: 'open', target: 'de1', cols: 120, rows: 40 }));
      await until(() => text.includes('$ '));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const times: number[] = [];
      for (let i = 0; i < keys; i++) {
        const [key, echo] = i % 2 === 0 ? [0x78, 'x'] : [0x7f, '\b'];
        const frame = new Uint8Array(10);
        frame[0] = 2;
        new DataView(frame.buffer).setUint32(5, i);
        frame[9] = key;
        text = '';
        const started = performance.now();
        socket.send(frame);
        await until(() => text.includes(echo));
        times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      socket.send(JSON.stringify({ type: 'close' }));
      socket.close();
      return times;
    },
    { keys, pauseMs, version: PROTOCOL_VERSION },
  );
}

const host = await startBenchHost();
// `de2` is the same sshd behind a loopback proxy with no delay: another address, so longhaul gives it its own SSH connection.
const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: host.sshd.port }, upMs: 0, downMs: 0 });
addHostAlias(host, 'de2', proxy.port);
const longhaul = await startBenchLonghaul(host);
const browser = await launchBenchChromium({ webgl: false });
const cases: Case[] = [];
const log = (c: Case) => {
  cases.push(c);
  console.log(`${c.what}: p50/p95/max ${latencyCell(c.echoMs)}${c.floodRate !== undefined ? `, flood ${fmtRate(c.floodRate)}` : ''}`);
};
try {
  // --- OpenSSH: a typist on `ssh -tt`, alone and while `ssh` floods on another connection.
  {
    const typist = await sshTypist(host);
    log({ what: '`ssh -tt de1`, nothing else running', echoMs: await typeKeys(typist.echo) });
    const flood = sshFlood(host);
    await sleep(1000);
    const echoMs = await typeKeys(typist.echo);
    log({ what: "`ssh -tt de1` while `ssh de1 'base64 /dev/zero' > /dev/null` floods", echoMs, floodRate: await flood.stop() });
    await typist.stop();
  }

  // --- longhaul, a headless typist tab: alone, beside a headless flood (the bridge's fastest), beside a flooding page.
  {
    const typist = await headlessTypist(longhaul);
    log({ what: 'longhaul, headless tab, nothing else running', echoMs: await typeInto(typist) });
    // The flooding tab lives in a process of its own (bench/support/tabFleet.ts), so its work does not delay this clock.
    const flood = await startFleet(longhaul, 1, FLOOD);
    flood.go();
    await sleep(1000);
    const echoMs = await typeInto(typist);
    const flooded = await flood.stop();
    log({ what: 'longhaul, headless tab, while a second headless tab floods', echoMs, floodRate: flooded ? flooded.bytes / MIB / flooded.seconds : Number.NaN });

    // The same with the typist on a connection of its own (de2), so only the bridge and the machine are shared.
    const ownTypist = await headlessTypist(longhaul, 'de2');
    log({ what: 'longhaul, headless tab on its own SSH connection, nothing else running', echoMs: await typeInto(ownTypist) });
    const ownFlood = await startFleet(longhaul, 1, FLOOD);
    ownFlood.go();
    await sleep(1000);
    const ownEchoMs = await typeInto(ownTypist);
    const ownFlooded = await ownFlood.stop();
    log({
      what: 'longhaul, headless tab on its own SSH connection, while a headless tab floods on another',
      echoMs: ownEchoMs,
      floodRate: ownFlooded ? ownFlooded.bytes / MIB / ownFlooded.seconds : Number.NaN,
    });
    ownTypist.close();

    const page = await openShellPage(browser, longhaul.url);
    await page.keyboard.type(FLOOD);
    await page.keyboard.press('Enter');
    await sleep(1000);
    const before = await page.evaluate(() => window.longhaulBench.report().outputBytes);
    const started = performance.now();
    const pageEchoMs = await typeInto(typist);
    const floodRate = (await page.evaluate(() => window.longhaulBench.report().outputBytes)) - before;
    log({ what: 'longhaul, headless tab, while a tab in Chromium floods', echoMs: pageEchoMs, floodRate: floodRate / MIB / ((performance.now() - started) / 1000) });
    typist.close();

    // --- In the page: tab 1 floods in the background while keys go to tab 2, the active one.
    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'de1');
    await page.waitForFunction(() => window.longhaul.tabs().length === 2 && window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
    await sleep(500);
    const pageBefore = await page.evaluate(() => window.longhaulBench.report().outputBytes);
    const pageStarted = performance.now();
    const bareMs = await typeOnBareSocket(page, KEYS, PAUSE_MS);
    const secondTab = await typeInPage(page);
    const pageFloodRate = ((await page.evaluate(() => window.longhaulBench.report().outputBytes)) - pageBefore) / MIB / ((performance.now() - pageStarted) / 1000);
    log({ what: 'longhaul page: a bare WebSocket in the page while tab 1 floods in the background', echoMs: bareMs, floodRate: pageFloodRate });
    log({ what: 'longhaul page: tab 2 (active) while tab 1 floods in the background, keydown → echo', echoMs: secondTab.fromKey, floodRate: pageFloodRate });
    log({ what: 'longhaul page: tab 2 (active) while tab 1 floods in the background, frame sent → echo', echoMs: secondTab.fromSend, floodRate: pageFloodRate });
    // Stop the flood (Ctrl-C in tab 1), then the same keys in tab 2 with nothing flooding.
    await page.getByRole('tab').first().click();
    await page.keyboard.press('Control+C');
    await page.waitForFunction(() => /\$ ?$/.test(window.longhaul.screen().lines.filter((line) => line.trim() !== '').at(-1) ?? ''), null, { timeout: 60_000 });
    await page.getByRole('tab').nth(1).click();
    await sleep(500);
    log({ what: 'longhaul page: a bare WebSocket in the page, nothing flooding', echoMs: await typeOnBareSocket(page, KEYS, PAUSE_MS) });
    const quiet = await typeInPage(page);
    log({ what: 'longhaul page: tab 2 (active), nothing flooding, keydown → echo', echoMs: quiet.fromKey });
    log({ what: 'longhaul page: tab 2 (active), nothing flooding, frame sent → echo', echoMs: quiet.fromSend });
    await page.context().close();
  }

  const byWhat = (what: string) => cases.find((c) => c.what.startsWith(what))!;
  const rows = cases.map((c) => [
    c.what,
    latencyCell(c.echoMs),
    percentile(c.echoMs, 0.95) < GOAL_P95_MS ? 'yes' : '**no**',
    c.floodRate !== undefined ? fmtRate(c.floodRate) : '–',
  ]);
  const results = table(['typist', `keystroke → echo, p50 / p95 / max (${KEYS} keys)`, `p95 < ${GOAL_P95_MS} ms`, 'flood meanwhile'], rows);
  console.log(`\n${results}\n`);
  const p95 = (what: string) => fmtMs(percentile(byWhat(what).echoMs, 0.95));
  maybeWriteSection(
    HEADING,
    `
Command: \`${COMMAND}\` (\`bench/fairness.bench.ts\`; ${KEYS} keystrokes per case, \`x\` and Backspace in turn, each sent
${PAUSE_MS} ms after the previous echo).

One test \`sshd\` on loopback and the real \`longhaul\` command. The flood is \`${FLOOD}\`, endless, in another tab (another SSH
channel on the same connection, since longhaul pools channels per host); the typist's shell sits at its prompt, and each key is
timed from leaving the typist to its echo coming back. The headless typist and the headless flood run in separate processes
(\`bench/support/tabFleet.ts\`), so one's work does not delay the other's clock. The page cases use Chromium with the DOM renderer
and time keys inside the page (keydown → echo frame arriving, \`bench/support/pageProbe.ts\`). OpenSSH's rows are the same
keystrokes over \`ssh -tt\`, beside \`ssh > /dev/null\` flooding on a second connection: what the machine gives without longhaul.

${results}

What it shows:
- **Goal (p95 under ${GOAL_P95_MS} ms, no added delay): ${cases.filter((c) => c.floodRate !== undefined && c.what.startsWith('longhaul')).every((c) => percentile(c.echoMs, 0.95) < GOAL_P95_MS) ? 'met' : '**missed**'}.**
  With a second headless tab flooding at the bridge's full rate, a quiet tab's echo takes ${p95('longhaul, headless tab, while a second headless')} at p95
  (${p95('longhaul, headless tab, nothing')} with nothing running; OpenSSH on the same machine: ${p95('`ssh -tt de1` while')} beside its own flood, ${p95('`ssh -tt de1`, nothing')} alone).
- **What made it so**: the bridge sends a shell's output gathered over one turn of its event loop as one frame
  (SSH delivers a flood in packets of a few KiB, and a frame and an acknowledgement per packet kept the bridge's one
  thread busy: 77 ms at p95 here before), and a tab in the background acknowledges at most 1 MiB of output a second
  (xterm.js parses a hidden terminal's writes too, so a background flood took the page's main thread: 200 ms at p95
  before). The background tab's flood rate above is that limit at work.
- **The SSH connection is not what the quiet tab waits for**: on a connection of its own it waits ${p95('longhaul, headless tab on its own SSH connection, while')} at p95.
  What remains is the machine: the flood keeps \`sshd\`, \`base64\`, the bridge and the flooding tab busy on 2 cores. Beside a page
  flooding in front (its own rate), the quiet headless tab waits ${p95('longhaul, headless tab, while a tab in Chromium')}.
- **In the page**: with tab 1 flooding in the background, the active tab's echo takes ${p95('longhaul page: tab 2 (active) while tab 1 floods in the background, keydown')} at p95 from keydown,
  against ${p95('longhaul page: tab 2 (active), nothing flooding, keydown')} with nothing flooding; a bare WebSocket in the same page gets its echo in ${p95('longhaul page: a bare WebSocket in the page while')} and ${p95('longhaul page: a bare WebSocket in the page, nothing')}.
  The page's own few milliseconds over the bare socket are the key drawn (and predicted) before the echo is handled.
- This machine's 2 cores are shared with other engineers' test runs, and p95 figures of a case move by up to 2× from one run to
  the next; compare the rows of one run with each other.

${machineLine()}
`,
  );
} finally {
  await browser.close();
  await longhaul.process.stop();
  await proxy.close();
  await host.stop();
}
