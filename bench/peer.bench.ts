// longhaul beside a peer, WeTTY (which runs OpenSSH's `ssh` in a pty per session), on the same sshd: output throughput headless and into xterm.js in Chromium, and memory with idle sessions.
// Run: npm run bench:peer   (builds, then runs this; installs wetty into a temp dir first, or skips with a note;
// BENCH_RUNS=n, default 2; BENCH_OUTPUT_MIB, default 256; BENCH_PEER_SESSIONS, default 100)
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { connect } from '../test/support/page.js';
import { BenchTab } from './support/benchTab.js';
import { floodCommand, startBenchHost, startBenchLonghaul, type BenchHost, type Longhaul } from './support/benchHost.js';
import { launchBenchChromium } from './support/chromium.js';
import { establishedTo, rssBytes, treeRssBytes } from './support/procStats.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMib, fmtRate, median, ratio, table } from './support/stats.js';
import { installWetty, startWetty, WETTY_VERSION, WettyTab, type Wetty } from './support/wetty.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const OUTPUT_MIB = Number(process.env.BENCH_OUTPUT_MIB ?? 256);
const SESSIONS = Number(process.env.BENCH_PEER_SESSIONS ?? 100);
const SETTLE_MS = 5000;
const HEADING = '## Beside a peer: WeTTY (issue 7, item 5)';
const env = (name: string) => (process.env[name] ? `${name}=${process.env[name]} ` : '');
const COMMAND = `${env('BENCH_RUNS')}${env('BENCH_OUTPUT_MIB')}${env('BENCH_PEER_SESSIONS')}npm run bench:peer`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const installed = installWetty();
if (!installed.ok) {
  console.log(`WeTTY skipped: ${installed.reason}`);
  maybeWriteSection(
    HEADING,
    `Command: \`${COMMAND}\` (\`bench/peer.bench.ts\`).\n\n**Skipped** on this run: ${installed.reason}. The benchmark installs \`wetty@${WETTY_VERSION}\` with \`npm install\`
into a temporary directory at bench time (never into this project); that needs the npm registry and a C++ compiler for node-pty.\n\n${machineLine()}`,
  );
  process.exit(0);
}
console.log(`WeTTY ${WETTY_VERSION}: ${installed.note}`);
const wettyDir = installed.dir;

/** Settled RSS: the median of five samples a second apart, after SETTLE_MS. */
async function settled(measure: () => number): Promise<number> {
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(measure());
    await sleep(1000);
  }
  return median(samples);
}

/** One after another, as a person opens tabs (and as longhaul's connection pooling expects). */
async function openAll<T>(count: number, open: () => Promise<T>): Promise<T[]> {
  const tabs: T[] = [];
  while (tabs.length < count) tabs.push(await open());
  return tabs;
}

/** Type the flood in a page whose terminal `onScreen` reads, and time until BENCHDONE is drawn. */
async function floodPage(page: Page, command: string, onScreen: () => boolean): Promise<number> {
  await page.keyboard.type(`${command}; echo BENCH''DONE`);
  const started = performance.now();
  await page.keyboard.press('Enter');
  await page.waitForFunction(onScreen, null, { polling: 50, timeout: 30 * 60_000 });
  const ms = performance.now() - started;
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  return ms;
}

async function longhaulPage(browser: Browser, longhaul: Longhaul): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
  return page;
}

/** The visible rows of WeTTY's terminal (it keeps its xterm.js Terminal at window.wetty_term). */
function wettyScreenHas(pattern: string): () => boolean {
  return new Function(
    `const t = window.wetty_term; if (!t) return false; const b = t.buffer.active;
     for (let y = 0; y < t.rows; y++) { const l = b.getLine(b.viewportY + y); if (l && new RegExp(${JSON.stringify(pattern)}).test(l.translateToString(true))) return true; }
     return false;`,
  ) as () => boolean;
}

async function wettyPage(browser: Browser, wetty: Wetty): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(wetty.url);
  await page.waitForFunction(wettyScreenHas('\\$ ?$'), null, { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { wetty_term?: { focus(): void } }).wetty_term?.focus());
  return page;
}

interface MemoryStep {
  sessions: number;
  bridge: number;
  bridgeAndChildren: number;
  sshd: number;
  connections: number;
}

/** RSS of the bridge (and, for WeTTY, the ssh processes it runs) and of sshd's whole tree, at 1 and SESSIONS idle sessions. */
async function memory<T extends { close(): void }>(host: BenchHost, pid: number, open: () => Promise<T>): Promise<MemoryStep[]> {
  const tabs: T[] = [];
  const steps: MemoryStep[] = [];
  try {
    for (const sessions of [1, SESSIONS]) {
      tabs.push(...(await openAll(sessions - tabs.length, open)));
      const bridge = await settled(() => rssBytes(pid));
      steps.push({ sessions, bridge, bridgeAndChildren: treeRssBytes(pid).total, sshd: treeRssBytes(host.sshd.pid).total, connections: establishedTo(host.sshd.port) });
    }
    return steps;
  } finally {
    for (const tab of tabs) tab.close();
    await sleep(2000);
  }
}

const host = await startBenchHost();
const longhaul = await startBenchLonghaul(host);
const wetty = await startWetty(wettyDir, host);
const browser = await launchBenchChromium({ webgl: false });
try {
  const command = floodCommand(OUTPUT_MIB);
  const rate = (ms: number) => OUTPUT_MIB / (ms / 1000);
  const headless = { longhaul: [] as number[], wetty: [] as number[] };
  const inPage = { longhaul: [] as number[], wetty: [] as number[] };
  const lhPage = await longhaulPage(browser, longhaul);
  const wtPage = await wettyPage(browser, wetty);
  for (let i = 0; i < RUNS; i++) {
    const lhTab = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1');
    let started = performance.now();
    lhTab.type(`${command}; echo BENCH''DONE\r`);
    await lhTab.until(() => lhTab.tailIncludes('BENCHDONE\r\n'), 'the end of the flood', 30 * 60_000);
    headless.longhaul.push(rate(performance.now() - started));
    lhTab.close();

    const wtTab = await WettyTab.open(wettyDir, wetty);
    started = performance.now();
    wtTab.type(`${command}; echo BENCH''DONE\r`);
    await wtTab.until(() => wtTab.tailIncludes('BENCHDONE\r\n'), 'the end of the flood', 30 * 60_000);
    headless.wetty.push(rate(performance.now() - started));
    wtTab.close();

    inPage.longhaul.push(rate(await floodPage(lhPage, command, () => window.longhaul.screen().lines.some((line) => line.startsWith('BENCHDONE')))));
    inPage.wetty.push(rate(await floodPage(wtPage, command, wettyScreenHas('^BENCHDONE'))));
    const last = (values: number[]) => fmtRate(values.at(-1)!);
    console.log(`run ${i + 1}: headless longhaul ${last(headless.longhaul)}, WeTTY ${last(headless.wetty)}; in Chromium longhaul ${last(inPage.longhaul)}, WeTTY ${last(inPage.wetty)}`);
  }
  // End both shells (a closed longhaul tab would keep its shell for 15 minutes), so the memory runs start from none.
  for (const page of [lhPage, wtPage]) {
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
  }
  await sleep(1000);
  await lhPage.close();
  await wtPage.close();

  console.log(`memory: longhaul with 1 and ${SESSIONS} idle sessions…`);
  const lhMemory = await memory(host, longhaul.pid, () => BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1', 120_000));
  console.log(`memory: WeTTY with 1 and ${SESSIONS} idle sessions…`);
  const wtMemory = await memory(host, wetty.pid, () => WettyTab.open(wettyDir, wetty, 120_000));

  const m = { lhHeadless: median(headless.longhaul), wtHeadless: median(headless.wetty), lhPage: median(inPage.longhaul), wtPage: median(inPage.wetty) };
  const throughput = table(
    [`${OUTPUT_MIB} MiB of base64 text`, 'longhaul', 'WeTTY', 'longhaul ÷ WeTTY'],
    [
      ['headless tab (each acknowledges as its page does)', fmtRate(m.lhHeadless), fmtRate(m.wtHeadless), ratio(m.lhHeadless, m.wtHeadless)],
      ['its page in Chromium (xterm.js 6, DOM renderer)', fmtRate(m.lhPage), fmtRate(m.wtPage), ratio(m.lhPage, m.wtPage)],
    ],
  );
  const perSession = (steps: MemoryStep[], pick: (s: MemoryStep) => number) => (pick(steps[1]!) - pick(steps[0]!)) / (steps[1]!.sessions - steps[0]!.sessions);
  const memoryRow = (name: string, steps: MemoryStep[], pick: (s: MemoryStep) => number) => [
    name,
    fmtMib(pick(steps[0]!)),
    fmtMib(pick(steps[1]!)),
    fmtMib(perSession(steps, pick)),
  ];
  const memoryTable = table(
    ['resident memory (RSS)', '1 idle session', `${SESSIONS} idle sessions`, 'per session added'],
    [
      memoryRow('longhaul (one process)', lhMemory, (s) => s.bridge),
      memoryRow('WeTTY, its node process', wtMemory, (s) => s.bridge),
      memoryRow('WeTTY with the `ssh` it runs per session', wtMemory, (s) => s.bridgeAndChildren),
      memoryRow('sshd, all its processes, for longhaul', lhMemory, (s) => s.sshd),
      memoryRow('sshd, all its processes, for WeTTY', wtMemory, (s) => s.sshd),
      ['SSH connections, longhaul / WeTTY', `${lhMemory[0]!.connections} / ${wtMemory[0]!.connections}`, `${lhMemory[1]!.connections} / ${wtMemory[1]!.connections}`, '–'],
    ],
  );
  console.log(`\n${throughput}\n\n${memoryTable}\n`);
  const lhPer = perSession(lhMemory, (s) => s.bridge);
  const wtPer = perSession(wtMemory, (s) => s.bridgeAndChildren);
  maybeWriteSection(
    HEADING,
    `
Command: \`${COMMAND}\` (\`bench/peer.bench.ts\`; ${RUNS} runs, interleaved, medians). WeTTY ${WETTY_VERSION} is installed by the benchmark
with \`npm install\` into a directory under the system's temp dir (kept for later runs), never into this project; if that fails
(no registry, no C++ compiler for node-pty) the benchmark says so here and skips.

Both against the same test \`sshd\`, the same key and the same host command (\`${command}\`). WeTTY runs \`ssh -t\` in a pty per
session (\`--ssh-key\` mode) and speaks socket.io; its headless tab (\`bench/support/wetty.ts\`) commits output in 256 KiB steps as its
page does, longhaul's acknowledges every frame. In Chromium (\`--disable-3d-apis\`, so both pages draw with xterm.js's DOM
renderer) each page runs the command in its terminal until \`BENCHDONE\` is drawn. Memory is RSS from \`/proc\` (median of 5
samples, ${SETTLE_MS / 1000} s after the last session opened), with idle shells opened one after another; the sshd rows are the test sshd's
whole process tree (one process pair per SSH connection, and the shells). WeTTY keeps no output per session, so the busy-session
and output-buffer measures of the scale section have no counterpart there.

${throughput}

${memoryTable}

What it shows:
- **Headless, longhaul moves ${ratio(m.lhHeadless, m.wtHeadless)}× what WeTTY moves** (${fmtRate(m.lhHeadless)} against ${fmtRate(m.wtHeadless)}): longhaul speaks SSH in its
  own process; WeTTY reads the output of an \`ssh\` process from a pty and relays it as text over socket.io.
- **In Chromium, longhaul's page draws ${ratio(m.lhPage, m.wtPage)}× what WeTTY's page draws** (${fmtRate(m.lhPage)} against ${fmtRate(m.wtPage)}), with the same
  xterm.js and renderer. WeTTY's server gathers output for up to 2 ms into messages of up to 512 KiB, and its page only writes
  them to the terminal; longhaul's bridge sends what one turn of its event loop brought (up to 64 KiB a frame), and its page
  runs a little work of its own on each (predictive echo, the bell scanner, the latency overlay; see the profile in the 1b
  section).
- **Memory**: an idle session adds ${fmtMib(lhPer)} to longhaul's one process; to WeTTY it adds ${fmtMib(wtPer)} across its node process and
  the \`ssh\` it runs. On the host, WeTTY needs an SSH connection per session (${wtMemory[1]!.connections} for ${SESSIONS}; sshd's processes grow by
  ${fmtMib(perSession(wtMemory, (s) => s.sshd))} a session) where longhaul multiplexes ten sessions on one (${lhMemory[1]!.connections} connections; ${fmtMib(perSession(lhMemory, (s) => s.sshd))} a session,
  mostly the shells). longhaul's RSS here includes what it kept after the throughput runs (see the scale section: the allocator
  keeps freed pages), so its per-session figure is the one to compare.

${machineLine(`; WeTTY ${installed.note}`)}
`,
  );
} finally {
  await browser.close();
  await wetty.stop();
  await longhaul.process.stop();
  await host.stop();
}
