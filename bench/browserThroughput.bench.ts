// Output throughput into xterm.js in Chromium through longhaul, beside xterm.js alone parsing the same bytes in the same page and OpenSSH's `ssh -tt > /dev/null`, with key handling measured while the page floods.
// Run: npm run bench:browser-throughput   (builds, then runs this; BENCH_RUNS=n runs each, default 3; BENCH_OUTPUT_MIB, default 256;
// BENCH_WEBGL_MIB, default 16, for WebGL forced on in software, which draws about 1 MiB/s here; 0 leaves it out;
// BENCH_HOST_NICE=19 runs the host side (the sshd and all it starts) at that priority, as if its work were elsewhere)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { FONT_FAMILY, FONT_SIZE, THEME } from '../client/terminal/theme.js';
import { BareChromium, type BarePage, type DrivenPage } from './support/barePage.js';
import { BenchTab } from './support/benchTab.js';
import { bareXtermOverBridge } from './support/bareXtermPage.js';
import { floodBytesOnPty, floodCommand, startBenchHost, startBenchLonghaul, timeSsh, type Longhaul } from './support/benchHost.js';
import { launchBenchChromium, openShellPage, type Renderer } from './support/chromium.js';
import { CORES, cpuSnapshot, cpuUse, type CpuUse } from './support/cpuTimes.js';
import { startProfile, stopProfile, type ProfileSummary } from './support/cpuProfile.js';
import { traceMainThread, type MainThreadUse } from './support/mainThreadTrace.js';
import { installPageProbe, type ProbeReport } from './support/pageProbe.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMs, fmtRate, latencyCell, median, MIB, percentile, ratio, table } from './support/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUTPUT_MIB = Number(process.env.BENCH_OUTPUT_MIB ?? 256);
const WEBGL_MIB = Number(process.env.BENCH_WEBGL_MIB ?? 16);
/** One more flood, not timed, under Chromium's CPU profiler: where the page's main thread spends it. */
const PROFILE_MIB = 32;
/** One more flood with the page's main thread traced for this long (bench/support/mainThreadTrace.ts). */
const TRACE_MS = 1500;
const DIST_ASSETS = path.resolve(import.meta.dirname, '../dist/client/assets');
/** While the page floods, a key every this many ms (letters the flood never prints: it is all `A`s). */
const KEY_INTERVAL_MS = 250;
const KEYS = 'bcdefghijklmnopqrstuvwxyz';
const HEADING = '## Output into xterm.js in Chromium (issue 7, item 1b; issue 16)';
/** The other flood a new user tries first: short lines of digits. */
const SEQ_LINES = 2_000_000;
const SEQ_COMMAND = `seq 1 ${SEQ_LINES}`;
/** The issue's goal: the page draws this share of what `ssh -tt` to /dev/null takes. */
const GOAL = 0.8;
const env = (name: string, value: number) => (process.env[name] ? `${name}=${value} ` : '');
const COMMAND = `${env('BENCH_RUNS', RUNS)}${env('BENCH_OUTPUT_MIB', OUTPUT_MIB)}${env('BENCH_WEBGL_MIB', WEBGL_MIB)}npm run bench:browser-throughput`;

/** As client/terminal/terminalView.ts makes the page's terminal (its addons aside). */
const terminalOptions = { allowProposedApi: true, scrollback: 10_000, fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, cursorBlink: true, theme: THEME };

const require = createRequire(import.meta.url);
const XTERM_SCRIPT = require.resolve('@xterm/xterm/lib/xterm.js');
const WEBGL_SCRIPT = require.resolve('@xterm/addon-webgl/lib/addon-webgl.js');

interface PageFlood {
  ms: number;
  probe: ProbeReport;
  /** How long each page.keyboard.press took, seen from here (CDP waits for the page to take the key). */
  pressMs: number[];
  /** Where the machine's CPU went during the flood. */
  cpu: CpuUse;
}

/**
 * Until the flood's end marker is on the screen, watched from inside the page (asking over the protocol every 50 ms
 * would cost the page's main thread more); after 10 minutes, fails with what the screen shows.
 */
async function untilDone(page: DrivenPage): Promise<void> {
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const deadline = performance.now() + 10 * 60_000;
        const check = () => {
          const lines = window.longhaul.screen().lines;
          // Anywhere in a line: a key pressed as the flood ends is echoed by the host's tty just before the marker.
          // (The command as typed reads BENCH''DONE, so it never matches.)
          if (lines.some((line) => line.includes('BENCHDONE'))) resolve('');
          else if (performance.now() > deadline) resolve(lines.filter((line) => line.trim() !== '').slice(-5).join(' | '));
          else setTimeout(check, 50);
        };
        check();
      }),
  );
  if (outcome) throw new Error(`the flood's end never reached the screen; it shows: ${outcome}`);
}

/** Type the flood command in the page's active tab, press keys while it runs, and time until its end marker is drawn. */
async function floodThePage(page: DrivenPage, command: string, bridgePid: number): Promise<PageFlood> {
  await page.keyboard.type(`${command}; echo BENCH''DONE`);
  await page.evaluate(() => {
    window.longhaulBench.reset();
    window.longhaulBench.startStallMonitor();
  });
  const started = performance.now();
  const cpuBefore = cpuSnapshot(bridgePid);
  await page.keyboard.press('Enter');
  let done = false;
  const pressMs: number[] = [];
  const typing = (async () => {
    // Let the flood get going, then a key every KEY_INTERVAL_MS until it ends.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; !done; i++) {
      const before = performance.now();
      await page.keyboard.press(KEYS[i % KEYS.length]!);
      pressMs.push(performance.now() - before);
      await new Promise((resolve) => setTimeout(resolve, KEY_INTERVAL_MS));
    }
  })();
  let ms: number;
  let cpu: CpuUse;
  try {
    await untilDone(page);
    ms = performance.now() - started;
    cpu = cpuUse(cpuBefore, cpuSnapshot(bridgePid));
  } finally {
    done = true;
    await typing.catch(() => undefined);
  }
  await page.evaluate(() => window.longhaulBench.stopStallMonitor());
  const probe = await page.evaluate(() => window.longhaulBench.report());
  // The keys typed during the flood wait on the prompt's line: clear it, and the screen, for the next run.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await sleep(300);
  return { ms, probe, pressMs, cpu };
}

/** Ctrl-C while `seq` floods the page: ms from the key to the shell's prompt drawn as the screen's last line. */
async function interruptTheFlood(page: BarePage): Promise<number> {
  await page.keyboard.type('seq 1 1000000000');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.longhaul.screen().lines.filter((line) => /^\d{5,}$/.test(line)).length > 10, undefined, { polling: 50, timeout: 30_000 });
  await sleep(1000); // well into the flood: the bridge's window and the SSH channel's are full
  const started = performance.now();
  await page.keyboard.press('Control+C');
  await page.waitForFunction(
    () => {
      const lines = window.longhaul.screen().lines.filter((line) => line.trim() !== '');
      return /\$ ?$/.test(lines.at(-1) ?? '');
    },
    undefined,
    { polling: 10, timeout: 60_000 },
  );
  const ms = performance.now() - started;
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await sleep(300);
  return ms;
}

interface AloneOptions {
  bytes: number;
  cols: number;
  rows: number;
  /** Open the terminal in the page (drawn, as the page's is) or keep it unopened (parsing only). */
  render: boolean;
  webgl: boolean;
  /** The page's own terminal options (client/terminal/terminalView.ts). */
  terminalOptions: object;
  /** `seq`'s output (`1\r\n` … `2000000\r\n`) instead of base64 lines; `bytes` is then ignored. */
  seq?: number;
}

/**
 * xterm.js alone, in the same page: a Terminal with the page's options, over the page's terminal and the same size,
 * written the same bytes (base64 lines with \r\n) in 32 KiB writes, at most 512 KiB unparsed (as the bridge allows).
 */
async function xtermAlone(page: BarePage, options: AloneOptions): Promise<number> {
  return page.evaluate(async (o) => {
    interface XtermLike {
      open(element: HTMLElement): void;
      resize(cols: number, rows: number): void;
      write(data: Uint8Array, callback: () => void): void;
      loadAddon(addon: object): void;
      dispose(): void;
    }
    const { Terminal } = window as unknown as { Terminal: new (options: object) => XtermLike };
    const box = window.longhaulBench.overTerminal();
    const terminal = new Terminal(o.terminalOptions);
    if (o.render) {
      terminal.open(box);
      if (o.webgl) {
        const { WebglAddon } = (window as unknown as { WebglAddon: { WebglAddon: new () => object } }).WebglAddon;
        terminal.loadAddon(new WebglAddon());
      }
    }
    terminal.resize(o.cols, o.rows);
    const line = `${'A'.repeat(76)}\r\n`;
    const chunk = new TextEncoder().encode(line.repeat(Math.floor((32 * 1024) / line.length)));
    let seqBytes: Uint8Array | undefined;
    if (o.seq) {
      const lines: string[] = [];
      for (let i = 1; i <= o.seq; i++) lines.push(`${i}\r\n`);
      seqBytes = new TextEncoder().encode(lines.join(''));
    }
    const total = seqBytes?.byteLength ?? o.bytes;
    const maxPending = 512 * 1024;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let written = 0;
      let parsed = 0;
      const pump = () => {
        while (written < total && written - parsed < maxPending) {
          const part = seqBytes
            ? seqBytes.subarray(written, Math.min(total, written + chunk.byteLength))
            : total - written >= chunk.byteLength ? chunk : chunk.subarray(0, total - written);
          written += part.byteLength;
          terminal.write(part, () => {
            parsed += part.byteLength;
            if (parsed >= total) resolve();
            else pump();
          });
        }
      };
      pump();
    });
    // The last screen is drawn on the next frame.
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const ms = performance.now() - started;
    terminal.dispose();
    box.remove();
    return ms;
  }, options);
}

/** One Chromium with the page open on a shell in de1, its renderer known, and xterm.js loaded for the "alone" runs. */
interface Stage {
  renderer: Renderer;
  /** longhaul's process, to tell its CPU time from the rest. */
  bridgePid: number;
  browser: BareChromium;
  version: string;
  page: BarePage;
  cols: number;
  rows: number;
  webgl: boolean;
  mib: number;
  pageRates: number[];
  alone: number[];
  parseOnly: number[];
  /** Seconds for SEQ_COMMAND, Enter to its end marker on the screen. */
  seqSeconds: number[];
  /** Ctrl-C during a flood → the prompt on the screen, ms. */
  interruptMs: number[];
  /** MiB/s of the same flood through longhaul's bridge into xterm.js in a bare page (none of longhaul's page code). */
  bare: number[];
  /** MiB/s xterm.js alone draws while the bridge and the host carry the goal's rate beside it, and the rate they carried. */
  aloneAtGoalLoad: { drawn: number; carried: number }[];
  /** Seconds for xterm.js alone to take SEQ_COMMAND's output: drawn, and parsed only. */
  aloneSeq: number[];
  parseOnlySeq: number[];
  floods: PageFlood[];
}

async function openStage(renderer: Renderer, longhaul: Longhaul, mib: number): Promise<Stage> {
  const browser = await BareChromium.launch();
  const page = await browser.newPage({ width: 1000, height: 640 });
  await installPageProbe(page);
  // The page's Renderer setting, as a user would have chosen it before.
  await page.addInitScript((setting) => localStorage.setItem('longhaul.renderer', setting), renderer);
  await page.goto(longhaul.url);
  await page.focusLabelled('Connect to');
  await page.keyboard.type('de1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), undefined, { polling: 50, timeout: 30_000 });
  await page.keyboard.type('clear; stty size');
  await page.keyboard.press('Enter');
  const sizeLine = await page.waitForFunction(() => window.longhaul.screen().lines.find((line) => /^\d+ \d+$/.test(line.trim())), undefined, { polling: 50, timeout: 10_000 });
  const [rows, cols] = sizeLine.trim().split(' ').map(Number) as [number, number];
  const webgl = (await page.evaluate(() => window.longhaul.renderer())) === 'webgl';
  if (renderer !== 'auto' && (renderer === 'webgl') !== webgl) throw new Error(`expected the page to draw with ${renderer}, but it uses ${webgl ? 'WebGL' : 'the DOM renderer'}`);
  // xterm.js itself, for the "alone" runs: evaluated beside the page's bundle (the page's policy binds its own scripts, not the driver).
  await page.runScript(fs.readFileSync(XTERM_SCRIPT, 'utf8'));
  if (webgl) await page.runScript(fs.readFileSync(WEBGL_SCRIPT, 'utf8'));
  const version = await browser.version();
  await focusTerminal(page, false);
  console.log(`Renderer ${renderer}: a ${cols}×${rows} terminal, ${webgl ? 'WebGL' : 'DOM'} renderer, Chromium ${version}`);
  return { renderer, bridgePid: longhaul.pid, browser, version, page, cols, rows, webgl, mib, pageRates: [], alone: [], parseOnly: [], seqSeconds: [], interruptMs: [], aloneSeq: [], parseOnlySeq: [], floods: [], bare: [], aloneAtGoalLoad: [] };
}

/**
 * The most any page could draw here at the goal: xterm.js alone (its bytes already in memory) while a headless tab
 * takes an endless flood through the bridge at `bytesPerSecond` — the host side and the bridge doing what they would
 * do for a page drawing that fast, on the same cores. Returns what xterm.js drew and what the tab was carried, MiB/s.
 */
async function aloneBesideLoad(stage: Stage, longhaul: Longhaul, bytesPerSecond: number): Promise<{ drawn: number; carried: number }> {
  const tab = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1');
  const stopPacing = tab.paceAcknowledgements(bytesPerSecond);
  try {
    tab.type('base64 -w 76 /dev/zero\r');
    await sleep(700); // under way: the bridge's window is full and acknowledged at the pace
    const receivedBefore = tab.received;
    const started = performance.now();
    const ms = await xtermAlone(stage.page, { bytes: floodBytesOnPty(stage.mib), cols: stage.cols, rows: stage.rows, webgl: stage.webgl, terminalOptions, render: true });
    const carried = (tab.received - receivedBefore) / MIB / ((performance.now() - started) / 1000);
    return { drawn: stage.mib / (ms / 1000), carried };
  } finally {
    stopPacing();
    await tab.closeAndWait(5000);
  }
}

/** The same page driven by Playwright, as the end-to-end tests drive it: Chromium then copies every WebSocket frame to the driver. */
interface PlaywrightStage {
  close(): Promise<void>;
  page: DrivenPage;
  rates: number[];
  seqSeconds: number[];
}

async function openPlaywrightStage(longhaul: Longhaul): Promise<PlaywrightStage> {
  const browser = await launchBenchChromium();
  const driven = drivenByPlaywright(await openShellPage(browser, longhaul.url));
  await focusTerminal(driven, false);
  return { close: () => browser.close(), page: driven, rates: [], seqSeconds: [] };
}

function drivenByPlaywright(page: Page): DrivenPage {
  return {
    keyboard: page.keyboard,
    evaluate: (fn, arg) => page.evaluate(fn, arg as never),
    waitForFunction: async (fn, arg, options) => (await (await page.waitForFunction(fn, arg as never, options)).jsonValue()) as never,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The stages' pages stay open all run; one not in use is left without focus, so its cursor does not blink (with
 * WebGL in software a blinking cursor keeps a core busy) while another page floods.
 */
async function focusTerminal(page: DrivenPage, focused: boolean): Promise<void> {
  await page.evaluate((focus) => {
    const textarea = document.querySelector<HTMLTextAreaElement>('.terminal-host .xterm-helper-textarea');
    if (focus) textarea?.focus();
    else textarea?.blur();
  }, focused);
}

async function runStage(stage: Stage, withParseOnly: boolean, withSeq = true): Promise<void> {
  await focusTerminal(stage.page, true);
  try {
    await runStageFocused(stage, withParseOnly, withSeq);
  } finally {
    await focusTerminal(stage.page, false);
  }
}

async function runStageFocused(stage: Stage, withParseOnly: boolean, withSeq: boolean): Promise<void> {
  const rate = (ms: number) => stage.mib / (ms / 1000);
  console.log(`${stage.renderer}: the page floods (${stage.mib} MiB)…`);
  const flood = await floodThePage(stage.page, floodCommand(stage.mib), stage.bridgePid);
  stage.floods.push(flood);
  console.log(`  cpu (cores): ${Object.entries(flood.cpu.coresByKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; machine busy ${(flood.cpu.machineBusy * 100).toFixed(0)}%`);
  stage.pageRates.push(rate(flood.ms));
  if (withSeq) stage.seqSeconds.push((await floodThePage(stage.page, SEQ_COMMAND, stage.bridgePid)).ms / 1000);
  if (withSeq) stage.interruptMs.push(await interruptTheFlood(stage.page));
  const alone = { bytes: floodBytesOnPty(stage.mib), cols: stage.cols, rows: stage.rows, webgl: stage.webgl, terminalOptions };
  stage.alone.push(rate(await xtermAlone(stage.page, { ...alone, render: true })));
  if (withParseOnly) stage.parseOnly.push(rate(await xtermAlone(stage.page, { ...alone, render: false })));
  if (withSeq) {
    stage.aloneSeq.push((await xtermAlone(stage.page, { ...alone, render: true, seq: SEQ_LINES })) / 1000);
    if (withParseOnly) stage.parseOnlySeq.push((await xtermAlone(stage.page, { ...alone, render: false, seq: SEQ_LINES })) / 1000);
    console.log(`  xterm.js alone, seq: drawn ${stage.aloneSeq.at(-1)!.toFixed(2)} s${withParseOnly ? `, parsed only ${stage.parseOnlySeq.at(-1)!.toFixed(2)} s` : ''}`);
  }
}

/** A flood in the DOM-renderer page under the CPU profiler (not timed: profiling slows it). */
async function profiledFlood(stage: Stage, command: string): Promise<ProfileSummary> {
  await focusTerminal(stage.page, true);
  await startProfile(stage.page);
  await floodThePage(stage.page, command, stage.bridgePid);
  const summary = await stopProfile(stage.page, DIST_ASSETS);
  await focusTerminal(stage.page, false);
  return summary;
}

/** A flood in the DOM-renderer page with its main thread traced for TRACE_MS, from a second in. */
async function tracedFlood(stage: Stage): Promise<MainThreadUse> {
  await focusTerminal(stage.page, true);
  await stage.page.keyboard.type(`${floodCommand(stage.mib)}; echo BENCH''DONE`);
  await stage.page.keyboard.press('Enter');
  await sleep(1000);
  const use = await traceMainThread(stage.browser, stage.page, TRACE_MS);
  await untilDone(stage.page);
  await stage.page.keyboard.type('clear');
  await stage.page.keyboard.press('Enter');
  await sleep(300);
  await focusTerminal(stage.page, false);
  return use;
}

function traceTable(use: MainThreadUse): string {
  const cell = (ms: number) => `${fmtMs(ms)} (${((ms / use.ms) * 100).toFixed(0)}%)`;
  return table(
    [`the page's main thread, ${TRACE_MS / 1000} s of a flood`, 'time (share of the stretch)'],
    [
      ['a task to run (wall time in tasks)', cell(use.inTasksMs)],
      ['running on a CPU (thread CPU time in tasks)', cell(use.onCpuMs)],
      ...Object.entries(use.cpuByTask)
        .sort((a, b) => b[1] - a[1])
        .map(([kind, ms]) => [`  of which ${kind}`, cell(ms)]),
      ['no task to run', cell(use.ms - use.inTasksMs)],
      ...Object.entries(use.idleUntil)
        .sort((a, b) => b[1] - a[1])
        .map(([kind, ms]) => [`  until ${kind}`, cell(ms)]),
    ],
  );
}

function profileTable(profile: ProfileSummary): string {
  const share = (ms: number) => `${((ms / profile.totalMs) * 100).toFixed(0)}%`;
  const kinds = Object.entries(profile.byKind).sort((a, b) => b[1] - a[1]);
  return table(
    ["the page's main thread during a flood", 'time', 'share'],
    [
      ...kinds.map(([kind, ms]) => [kind, fmtMs(ms), share(ms)]),
      ...profile.longhaulFunctions.slice(0, 6).map((f) => [`  of which \`${f.name}\``, fmtMs(f.ms), share(f.ms)]),
    ],
  );
}

/** Cores each kind of process kept busy during the base64 floods (medians over the runs), page with DOM and with Auto. */
function cpuTable(dom: CpuUse[], auto: CpuUse[]): string {
  const kinds = [...new Set([...dom, ...auto].flatMap((use) => Object.keys(use.coresByKind)))];
  const cores = (uses: CpuUse[], kind: string) => median(uses.map((use) => use.coresByKind[kind] ?? 0));
  kinds.sort((a, b) => cores(dom, b) - cores(dom, a));
  return table(
    ['while the page floods (base64)', 'Renderer: DOM, cores', 'Renderer: Auto, cores'],
    [
      ...kinds.map((kind) => [kind, cores(dom, kind).toFixed(2), cores(auto, kind).toFixed(2)]),
      [`all ${CORES} cores: busy`, `${(median(dom.map((u) => u.machineBusy)) * 100).toFixed(0)}%`, `${(median(auto.map((u) => u.machineBusy)) * 100).toFixed(0)}%`],
    ],
  );
}

const share = (profile: ProfileSummary, kind: string) => `${(((profile.byKind[kind] ?? 0) / profile.totalMs) * 100).toFixed(0)}%`;

function keysTable(stage: Stage): string {
  const keys = stage.floods.flatMap((f) => f.probe.keys);
  const sent = keys.filter((k) => k.sentAt !== undefined);
  const echoed = sent.filter((k) => k.echoAt !== undefined);
  const gaps = stage.floods.flatMap((f) => f.probe.timerGaps);
  const presses = stage.floods.flatMap((f) => f.pressMs);
  return table(
    ['while the page floods (all runs)', 'p50 / p95 / max', 'samples'],
    [
      ['key waits before the page handles it (keydown `timeStamp` → listener)', latencyCell(keys.map((k) => k.queuedMs)), String(keys.length)],
      ['`page.keyboard.press` seen from outside (CDP waits for the page)', latencyCell(presses), String(presses.length)],
      ['keydown handled → its input frame leaves the page', latencyCell(sent.map((k) => k.sentAt! - k.handledAt)), String(sent.length)],
      ['keydown handled → its echo arrives (behind the flood, same stream)', latencyCell(echoed.map((k) => k.echoAt! - k.handledAt)), String(echoed.length)],
      ['main thread: gap between runs of a 10 ms timer', latencyCell(gaps), String(gaps.length)],
    ],
  );
}

const host = await startBenchHost();
// BENCH_HOST_NICE lowers the host side's priority (sshd's sessions inherit it): does the page wait for cores the host takes?
if (process.env.BENCH_HOST_NICE) execFileSync('renice', ['-n', process.env.BENCH_HOST_NICE, '-p', String(host.sshd.pid)]);
const longhaul = await startBenchLonghaul(host);
const stages: Stage[] = [];
let driven: PlaywrightStage | undefined;
try {
  const command = floodCommand(OUTPUT_MIB);
  const rate = (ms: number) => OUTPUT_MIB / (ms / 1000);
  const dom = await openStage('dom', longhaul, OUTPUT_MIB);
  const auto = await openStage('auto', longhaul, OUTPUT_MIB);
  stages.push(dom, auto);
  driven = await openPlaywrightStage(longhaul);
  const gl = WEBGL_MIB > 0 ? await openStage('webgl', longhaul, WEBGL_MIB) : null;
  if (gl) stages.push(gl);

  const ssh: number[] = [];
  const sshPty: number[] = [];
  const sshPtySeq: number[] = [];
  const headless: number[] = [];
  /** Output frames the headless tab got per flood, and their mean size: how the bridge gathers output. */
  const frames: { count: number; seconds: number; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    ssh.push(rate(await timeSsh(host, ['de1', command])));
    sshPty.push(rate(await timeSsh(host, ['-q', '-tt', 'de1', command])));
    sshPtySeq.push((await timeSsh(host, ['-q', '-tt', 'de1', SEQ_COMMAND])) / 1000);
    const tab = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1');
    const started = performance.now();
    tab.type(`${command}; echo BENCH''DONE\r`);
    await tab.until(() => tab.tailIncludes('BENCHDONE\r\n'), 'the end of the flood', 15 * 60_000);
    headless.push(rate(performance.now() - started));
    frames.push({ count: tab.frames, seconds: (performance.now() - started) / 1000, bytes: tab.received });
    tab.close();
    await runStage(dom, true);
    dom.bare.push(rate(await bareXtermOverBridge(dom.page, { command, target: 'de1', cols: dom.cols, rows: dom.rows, terminalOptions })));
    dom.aloneAtGoalLoad.push(await aloneBesideLoad(dom, longhaul, GOAL * sshPty.at(-1)! * MIB));
    console.log(`dom: bare xterm.js page over the bridge ${fmtRate(dom.bare.at(-1)!)}; xterm.js alone beside the goal's load ${fmtRate(dom.aloneAtGoalLoad.at(-1)!.drawn)} (carried ${fmtRate(dom.aloneAtGoalLoad.at(-1)!.carried)})`);
    await runStage(auto, false);
    if (gl) await runStage(gl, false, false); // seq's 14 MiB would take minutes in software WebGL
    await focusTerminal(driven.page, true);
    driven.rates.push(rate((await floodThePage(driven.page, command, longhaul.pid)).ms));
    driven.seqSeconds.push((await floodThePage(driven.page, SEQ_COMMAND, longhaul.pid)).ms / 1000);
    await focusTerminal(driven.page, false);
    const last = (values: number[]) => fmtRate(values.at(-1)!);
    const seconds = (values: number[]) => `${values.at(-1)!.toFixed(2)} s`;
    console.log(
      `run ${i + 1}: ssh ${last(ssh)}, ssh -tt ${last(sshPty)} (seq ${seconds(sshPtySeq)}), headless tab ${last(headless)}, ` +
        stages.map((stage) => `${stage.renderer}: page ${last(stage.pageRates)}${stage.seqSeconds.length ? ` (seq ${seconds(stage.seqSeconds)})` : ''}, alone ${last(stage.alone)}`).join('; ') +
        `; parse only ${last(dom.parseOnly)}`,
    );
  }

  console.log(`dom: one more flood (${PROFILE_MIB} MiB) and one more \`${SEQ_COMMAND}\` under the CPU profiler…`);
  const profileSummary = await profiledFlood(dom, floodCommand(PROFILE_MIB));
  const profile = profileTable(profileSummary);
  const seqProfileSummary = await profiledFlood(dom, SEQ_COMMAND);
  const seqProfile = profileTable(seqProfileSummary);
  console.log(`${profile}\n\n${seqProfile}`);
  const cpu = cpuTable(dom.floods.map((f) => f.cpu), auto.floods.map((f) => f.cpu));
  console.log(cpu);
  console.log(`dom: one more flood with the page's main thread traced…`);
  const traced = await tracedFlood(dom);
  const trace = traceTable(traced);
  console.log(trace);

  const m = {
    ssh: median(ssh), sshPty: median(sshPty), sshPtySeq: median(sshPtySeq), headless: median(headless),
    domPage: median(dom.pageRates), domAlone: median(dom.alone), parseOnly: median(dom.parseOnly), domSeq: median(dom.seqSeconds),
    autoPage: median(auto.pageRates), autoSeq: median(auto.seqSeconds),
    drivenPage: median(driven.rates), drivenSeq: median(driven.seqSeconds),
    aloneSeq: median(dom.aloneSeq), parseOnlySeq: median(dom.parseOnlySeq),
    domInterrupt: median(dom.interruptMs), autoInterrupt: median(auto.interruptMs),
    maxInterrupt: Math.max(...dom.interruptMs, ...auto.interruptMs),
    glPage: gl ? median(gl.pageRates) : NaN, glAlone: gl ? median(gl.alone) : NaN,
    bare: median(dom.bare), aloneAtGoal: median(dom.aloneAtGoalLoad.map((a) => a.drawn)), goalCarried: median(dom.aloneAtGoalLoad.map((a) => a.carried)),
  };
  const drawsWith = (stage: Stage) => (stage.webgl ? 'WebGL' : 'DOM');
  const throughput = table(
    ['command output', 'base64 text: rate', 'vs `ssh -tt`', '`seq 1 2000000`: time', 'vs `ssh -tt`', 'vs xterm.js alone, same renderer'],
    [
      [`\`ssh de1 'cmd' > /dev/null\` (no pty)`, fmtRate(m.ssh), ratio(m.ssh, m.sshPty), '–', '–', '–'],
      [`**\`ssh -tt de1 'cmd' > /dev/null\`** (a pty, as a terminal has)`, fmtRate(m.sshPty), '1.00', `${m.sshPtySeq.toFixed(2)} s`, '1.00', '–'],
      ['longhaul → headless tab (acknowledges on arrival)', fmtRate(m.headless), ratio(m.headless, m.sshPty), '–', '–', '–'],
      [`**longhaul → the page, Renderer: DOM**`, fmtRate(m.domPage), ratio(m.domPage, m.sshPty), `${m.domSeq.toFixed(2)} s`, ratio(m.sshPtySeq, m.domSeq), ratio(m.domPage, m.domAlone)],
      [`**longhaul → the page, Renderer: Auto** (draws with ${drawsWith(auto)} here)`, fmtRate(m.autoPage), ratio(m.autoPage, m.sshPty), `${m.autoSeq.toFixed(2)} s`, ratio(m.sshPtySeq, m.autoSeq), auto.webgl ? '–' : ratio(m.autoPage, m.domAlone)],
      ['longhaul → the page, Renderer: Auto, driven by Playwright (Chromium copies each frame to it)', fmtRate(m.drivenPage), ratio(m.drivenPage, m.sshPty), `${m.drivenSeq.toFixed(2)} s`, ratio(m.sshPtySeq, m.drivenSeq), auto.webgl ? '–' : ratio(m.drivenPage, m.domAlone)],
      ['xterm.js alone in the same page, DOM renderer (`term.write`)', fmtRate(m.domAlone), ratio(m.domAlone, m.sshPty), `${m.aloneSeq.toFixed(2)} s`, ratio(m.sshPtySeq, m.aloneSeq), '1.00'],
      ['xterm.js over longhaul\'s bridge in a bare page (its WebSocket, writes and acknowledgements; none of longhaul\'s page code), DOM', fmtRate(m.bare), ratio(m.bare, m.sshPty), '–', '–', ratio(m.bare, m.domAlone)],
      [`xterm.js alone, DOM, while the bridge and the host carry ${GOAL} of \`ssh -tt\`'s rate beside it (${fmtRate(m.goalCarried)})`, fmtRate(m.aloneAtGoal), ratio(m.aloneAtGoal, m.sshPty), '–', '–', ratio(m.aloneAtGoal, m.domAlone)],
      ['xterm.js alone, parsing only (not opened)', fmtRate(m.parseOnly), ratio(m.parseOnly, m.sshPty), `${m.parseOnlySeq.toFixed(2)} s`, ratio(m.sshPtySeq, m.parseOnlySeq), '–'],
      ...(gl
        ? [
            [`longhaul → the page, Renderer: WebGL (SwiftShader, on the CPU), ${WEBGL_MIB} MiB`, fmtRate(m.glPage), ratio(m.glPage, m.sshPty), '–', '–', ratio(m.glPage, m.glAlone)],
            ['xterm.js alone in the same page, WebGL in software', fmtRate(m.glAlone), ratio(m.glAlone, m.sshPty), '–', '–', '1.00'],
          ]
        : []),
    ],
  );
  const domKeys = keysTable(dom);
  const autoKeys = keysTable(auto);
  console.log(`\n${throughput}\n\nRenderer DOM:\n${domKeys}\n\nRenderer Auto:\n${autoKeys}\n`);

  const keyWaitP95 = (stage: Stage) => percentile(stage.floods.flatMap((f) => f.probe.keys.map((k) => k.queuedMs)), 0.95);
  const longestGap = (stage: Stage) => Math.max(...stage.floods.flatMap((f) => f.probe.timerGaps));
  const worst = Math.min(m.domPage / m.sshPty, m.autoPage / m.sshPty, m.sshPtySeq / m.domSeq, m.sshPtySeq / m.autoSeq);
  /** Each run's rate as a share of that run's `ssh -tt`, lowest–highest. */
  const perRun = (rates: number[]) => {
    const shares = rates.map((rate, i) => rate / sshPty[i]!);
    return `${Math.min(...shares).toFixed(2)}–${Math.max(...shares).toFixed(2)}`;
  };
  const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;
  const floodCores = (kind: string) => median(dom.floods.map((f) => f.cpu.coresByKind[kind] ?? 0));
  const hostSideCores = ['the shell and the host command', 'sshd', 'longhaul (the bridge)'].reduce((sum, kind) => sum + floodCores(kind), 0);
  /** CPU ms of the traced thread per MiB the page drew meanwhile (at the DOM page's median rate). */
  const perMib = (kind: string) => ((traced.cpuByTask[kind] ?? 0) / ((m.domPage * traced.ms) / 1000)).toFixed(1);
  maybeWriteSection(
    HEADING,
    `
Command: \`${COMMAND}\` (\`bench/browserThroughput.bench.ts\`, ${RUNS} runs of each, interleaved; medians. Rates are the command's
output per second, so a pty's added \`\\r\` does not count as throughput.) **The machine was shared with other engineers' test
runs while this ran**: absolute figures move from run to run; the ratios within one run are what to read.

One test \`sshd\` on loopback, the real \`longhaul\` command, and its page in headless Chromium ${dom.version} with the end-to-end
tests' flags (\`--disable-gpu\`: WebGL, if asked for, runs in SwiftShader on the CPU), 1000×640 viewport, a ${dom.cols}×${dom.rows} terminal,
driven over the DevTools protocol without its Network domain (\`bench/support/barePage.ts\`), as no driver watches a user's
browser: Playwright turns that domain on, and Chromium then copies every WebSocket frame to it (the row "driven by
Playwright" is the same page driven as the end-to-end tests drive it). The host commands are \`${command}\` (${OUTPUT_MIB} MiB of text) and \`${SEQ_COMMAND}\`. "The page" is
the user's path: Enter in the active tab, the bridge, the WebSocket, the page's flow control (it acknowledges what xterm.js has
parsed), until \`BENCHDONE\` is on the screen, with the page's Renderer setting at DOM, at Auto${gl ? ', and at WebGL' : ''}. "xterm.js alone" is a
second \`Terminal\` of the same version and options, opened over the page's terminal at the same size with the same renderer, fed
the same bytes (lines ending in \`\\r\\n\`, as a pty sends them) by \`term.write\` in 32 KiB writes with at most 512 KiB unparsed:
what the page could draw with no network, bridge or host. Two rows bound what any page could draw here (see "What no
page could beat" below).

${throughput}

While the page floods, a key is pressed every ${KEY_INTERVAL_MS} ms in the flooding tab; instruments in the page (a capture
\`keydown\` listener and a wrapped \`WebSocket\`, \`bench/support/pageProbe.ts\`) time each key.

Renderer: DOM:

${domKeys}

Renderer: Auto:

${autoKeys}

Where the page's main thread goes during a flood: one more ${PROFILE_MIB} MiB base64 flood and one more \`${SEQ_COMMAND}\` with
Renderer: DOM under Chromium's CPU profiler (sampled self time, mapped to source files through the bundle's source map,
\`bench/support/cpuProfile.ts\`). "Rendering and other native work" is the browser's own work outside JavaScript (style,
layout, paint, handing messages between processes); time a function spends forcing a layout is counted in that function.

Base64 text:

${profile}

\`${SEQ_COMMAND}\`:

${seqProfile}

Where the machine's CPU goes while the page floods (base64, all runs; CPU time per process from \`/proc\` over each flood,
divided by its length, \`bench/support/cpuTimes.ts\`; a shell's finished children count in the shell):

${cpu}

Before this Renderer setting (2026-12-02, 256 MiB, same machine): the page loaded WebGL whenever a context could be made,
so in this Chromium it drew in SwiftShader at 0.5 MiB/s, 0.04 of \`ssh -tt\`; Auto now picks the DOM renderer here (the
WebGL row above is that old default, measured in this run).

What it shows:
- **Goal (the page draws ≥ 0.8 of what \`ssh -tt\` to \`/dev/null\` takes): ${worst >= 0.8 ? 'met' : 'missed'}** — the worst of the four
  (base64 and \`seq\`, Renderer DOM and Auto) is ${worst.toFixed(2)}${worst < GOAL ? ' (why no page reaches it on this machine: "What no page could beat" below)' : ''}. Base64 text: DOM ${ratio(m.domPage, m.sshPty)}, Auto ${ratio(m.autoPage, m.sshPty)} of
  \`ssh -tt\` (${fmtRate(m.sshPty)}); \`${SEQ_COMMAND}\`: DOM ${ratio(m.sshPtySeq, m.domSeq)}, Auto ${ratio(m.sshPtySeq, m.autoSeq)} (${m.domSeq.toFixed(2)} s and ${m.autoSeq.toFixed(2)} s against
  ${m.sshPtySeq.toFixed(2)} s). The page draws ${ratio(m.domPage, m.domAlone)} of what xterm.js alone draws in the same page with the same renderer
  (base64), and ${ratio(m.aloneSeq, m.domSeq)} (\`seq\`). The bridge is not the limit: a headless tab takes ${fmtRate(m.headless)} from it (${ratio(m.headless, m.sshPty)} of \`ssh -tt\`).
- **Measured as a user's browser runs it.** Until this run the page was driven by Playwright, and Chromium copied every
  frame of the flood to it: in this run that costs the page ${ratio(m.autoPage - m.drivenPage, m.autoPage)} of its base64 rate (${fmtRate(m.drivenPage)} against ${fmtRate(m.autoPage)} with
  Renderer: Auto) and makes \`seq\` take ${m.drivenSeq.toFixed(2)} s instead of ${m.autoSeq.toFixed(2)} s. The figures before this run in git history were taken that way.
- **Found and fixed with the \`seq\` profile** (2026-12-04): longhaul's page code took 549 ms of a 2 s \`seq\`, most of it in
  xterm.js \`onScroll\` listeners — predictive echo's worked out its status, echo-time report and timers again, and
  half-duplex mode's redrew its line, on every scrolled line: two million times. A scroll now only asks for one draw
  before the next paint (nothing a scroll changes is seen before it). Driven by Playwright as then, \`seq\` went from
  2.02–2.27 s (three runs earlier the same day: 0.37–0.48 of \`ssh -tt\`) to 1.36 s in the run that followed, on the same
  machine in the same hour; longhaul's code is now ${share(seqProfileSummary, "longhaul's page code")} of the \`seq\` profile. Base64 text (a scroll every 76 bytes) moved little.
- **Where the rest goes, measured.** The page's main thread is the narrow part. One more flood with Renderer: DOM, its
  main thread traced (\`bench/support/mainThreadTrace.ts\`: each task's wall time and the thread's CPU time in it):

${trace}

  Over that stretch the thread had a task to run ${pct(traced.inTasksMs, traced.ms)} of the time and ran on a CPU ${pct(traced.onCpuMs, traced.ms)}:
  between the two it waited for a core (or inside a task for another thread). The CPU table above shows who has the cores:
  the host side (the shell, the host command, \`sshd\`) and the bridge take about ${(hostSideCores).toFixed(1)} of this machine's 2 — in use the
  host side runs on the far host, and \`ssh -tt > /dev/null\` draws nothing. Per MiB drawn, the thread spent
  ${perMib('timers (xterm.js parsing output)')} ms parsing (xterm.js alone parses a MiB in ${(1000 / m.parseOnly).toFixed(1)} ms with nothing else running),
  ${perMib('frames (style, layout, paint)')} ms drawing frames (a cost per frame, so per second of flood rather than per byte) and ${perMib('messages from other processes (the WebSocket)')} ms taking
  the WebSocket's messages. Tried during this work, each changing the rate by no more than this machine's noise, so none
  was kept: a window four times wider (pause at 2 MiB, resume at 1 MiB), frames of 256 KiB instead of 64, the WebSocket
  read by a dedicated worker (so the main thread never reads the network), and drawing every other frame. Why, the
  next point measures: the cores are shared with the host side.
- **What no page could beat on this machine, measured in this run.** Two more rows above:
  - xterm.js fed by longhaul's bridge in a **bare page** (its own WebSocket, the bridge's protocol, writes and
    acknowledgements as the page makes them, and none of longhaul's page code: \`bench/support/bareXtermPage.ts\`)
    draws ${fmtRate(m.bare)}: ${perRun(dom.bare)} of \`ssh -tt\` run by run. The page draws ${ratio(m.domPage, m.bare)} of it; longhaul's page code (its
    features' hooks, the bar and tab strip around the terminal) costs the rest. So a browser terminal that takes its
    output from a WebSocket into xterm.js, and does nothing else, draws well under ${GOAL} of \`ssh -tt\` here.
  - **xterm.js alone, its bytes already in memory, while a headless tab takes an endless flood through the bridge
    acknowledged at ${GOAL} of \`ssh -tt\`'s rate** (\`BenchTab.paceAcknowledgements\`: the host side and the bridge doing
    what they would do for a page that met the goal, on the same 2 cores; the headless tab, in the benchmark's own
    process, stands in for the page's receiving, which costs the page more) draws ${fmtRate(m.aloneAtGoal)} (carried ${fmtRate(m.goalCarried)}):
    ${perRun(dom.aloneAtGoalLoad.map((a) => a.drawn))} of \`ssh -tt\` run by run. ${Math.max(...dom.aloneAtGoalLoad.map((a, i) => a.drawn / sshPty[i]!)) < GOAL ? `Below the goal in every run, with no WebSocket, no bridge work in the page and no
    longhaul code at all: **on this machine no page can draw ${GOAL} of \`ssh -tt\`** while the host side runs beside it.` : `About what the goal asks: with no WebSocket, no bridge work in the page and no
    longhaul code, xterm.js on the cores the host side leaves it is at the goal's edge, and any page must also take its
    bytes from a WebSocket (the bare page above): **on this machine no page reaches ${GOAL} of \`ssh -tt\`** while the host side runs beside it.`}
    \`ssh -tt > /dev/null\` draws nothing, so this machine's cores all go to the host side and \`ssh\`; the page shares
    them with the host side, which in use runs on the far host. (Lowering the host side's priority,
    \`BENCH_HOST_NICE=19\`, changed nothing when tried: 18 MiB/s either way. Priority decides who waits, not how much
    work there is, and the page's bytes come from that work.)
  - **The next levers**: measure where the host side does not share the browser's cores (a machine with more cores,
    or a real far host); and, on any machine, the way output reaches xterm.js: Chromium hands a page its WebSocket
    messages on the page's main thread, the thread that also parses and draws, and the bare page draws
    ${ratio(m.bare, m.aloneAtGoal)} of what xterm.js alone draws beside a heavier load. What was tried against that is listed above.
- **Ctrl-C during a flood** (\`seq 1 1000000000\`, one second in; the key to the shell's prompt as the screen's last line):
  DOM ${fmtMs(m.domInterrupt)}, Auto ${fmtMs(m.autoInterrupt)} (medians; the slowest ${fmtMs(m.maxInterrupt)}); goal 1 s: ${m.maxInterrupt <= 1000 ? 'met' : m.domInterrupt <= 1000 && m.autoInterrupt <= 1000 ? 'met at the median, not in every run' : 'missed'}.
  What is already on its way is drawn first: up to 512 KiB held by the bridge and the SSH channel's window.
- **Keys while flooding**: with Renderer DOM a key waits ${fmtMs(keyWaitP95(dom))} at p95 before the page handles it (the main thread's
  longest stall: ${fmtMs(longestGap(dom))}); with Auto ${fmtMs(keyWaitP95(auto))} (longest stall ${fmtMs(longestGap(auto))}).

${machineLine()}
`,
  );
} finally {
  for (const stage of stages) await stage.browser.close();
  await driven?.close();
  await longhaul.process.stop();
  await host.stop();
}
