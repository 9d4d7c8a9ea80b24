// Overview: 30 live tabs in Chromium, one flooding (`yes | cat -n`): keydown → echo typed into a thumbnail beside the same key in the full view, the page's main-thread stalls, how often the flooding thumbnail redraws, and whether any terminal lost its renderer.
// Run: npm run bench:overview   (builds, then runs this; BENCH_KEYS=n keys per case, default 60; BENCH_TABS=n tabs, default 30)
import { BareChromium, type BarePage } from './support/barePage.js';
import { startBenchHost, startBenchLonghaul } from './support/benchHost.js';
import { installPageProbe } from './support/pageProbe.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMs, percentile, ratio, table } from './support/stats.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 60);
const TABS = Number(process.env.BENCH_TABS ?? 30);
const GOAL_P95_MS = 50;
/** Between one echo and the next key: a fast typist. */
const PAUSE_MS = 40;
const FLOOD = 'yes | cat -n';
const HEADING = '## Overview: 30 live tabs, one flooding';
const COMMAND = `${process.env.BENCH_KEYS ? `BENCH_KEYS=${KEYS} ` : ''}${process.env.BENCH_TABS ? `BENCH_TABS=${TABS} ` : ''}npm run bench:overview`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

declare global {
  interface Window {
    overviewBench: {
      arm(where: 'full' | 'thumbnail', tabId: string): void;
      /** How many `q`s the tab's screen, or its thumbnail, shows. */
      shows(where: 'full' | 'thumbnail', tabId: string): number;
      sample: number | null;
    };
  }
}

/**
 * In the page: the next keydown starts a clock, stopped in the first animation frame whose text (the tab's screen
 * as a person sees it, or its thumbnail) holds one more `q` than before the key.
 */
function installEchoTimer(page: BarePage): Promise<void> {
  return page.evaluate(() => {
    const qs = (text: string) => text.split('q').length - 1;
    const read = (where: 'full' | 'thumbnail', tabId: string) =>
      where === 'full'
        ? window.longhaul.screen(tabId).lines.join('\n')
        : (document.querySelector(`.overview .thumbnail[data-tab-id="${tabId}"] .thumbnail-screen`)?.textContent ?? '');
    const state: Window['overviewBench'] = {
      sample: null,
      shows: (where, tabId) => qs(read(where, tabId)),
      arm(where, tabId) {
        state.sample = null;
        const expected = qs(read(where, tabId)) + 1;
        window.addEventListener(
          'keydown',
          () => {
            const start = performance.now();
            const check = () => {
              if (qs(read(where, tabId)) >= expected) state.sample = performance.now() - start;
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          },
          { capture: true, once: true },
        );
      },
    };
    window.overviewBench = state;
  });
}

interface Case {
  what: string;
  echoMs: number[];
  stallsMs: number[];
}

/** Type `q` KEYS times into the tab (the line grows; Ctrl-U clears it after), timing each echo and the main thread's stalls. */
async function typeKeys(page: BarePage, what: string, where: 'full' | 'thumbnail', tabId: string): Promise<Case> {
  const echoMs: number[] = [];
  // The line starts empty (the prompt has no `q`); a thumbnail drawn before the last Ctrl-U may still show the old line.
  await page.waitForFunction(({ where, tabId }) => window.overviewBench.shows(where, tabId) === 0, { where, tabId }, { polling: 50, timeout: 10_000 });
  await page.evaluate(() => {
    window.longhaulBench.reset();
    window.longhaulBench.startStallMonitor();
  });
  for (let i = 0; i < KEYS; i++) {
    await page.evaluate(({ where, tabId }) => window.overviewBench.arm(where, tabId), { where, tabId });
    await page.keyboard.press('q');
    // Waited for in the page: asking over the protocol every few ms would cost the page's main thread a task each time.
    const sample = await page.evaluate(
      () =>
        new Promise<number | string>((resolve) => {
          const deadline = performance.now() + 30_000;
          const check = () => {
            if (window.overviewBench.sample !== null) resolve(window.overviewBench.sample);
            else if (performance.now() > deadline) resolve(`no echo in 30 s; the keys went to ${document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'}`);
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    if (typeof sample === 'string') {
      const shown = await page.evaluate(({ where, tabId }) => (where === 'full' ? window.longhaul.screen(tabId).lines.join('\n') : document.querySelector(`.overview .thumbnail[data-tab-id="${tabId}"] .thumbnail-screen`)?.textContent ?? ''), { where, tabId });
      throw new Error(`key ${i + 1} of ${what}: ${sample}; it shows …${shown.trimEnd().slice(-300)}`);
    }
    echoMs.push(sample);
    await sleep(PAUSE_MS);
  }
  const gaps = await page.evaluate(() => {
    window.longhaulBench.stopStallMonitor();
    return window.longhaulBench.report().timerGaps;
  });
  await page.keyboard.press('Control+U');
  // A 10 ms timer that ran late by more than a frame is a stall.
  return { what, echoMs, stallsMs: gaps.map((gap) => Math.max(0, gap - 10)) };
}

/** How many times a second the thumbnail's text changed, sampled every 20 ms for two seconds. */
function redrawsPerSecond(page: BarePage, tabId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const screen = () => document.querySelector(`.overview .thumbnail[data-tab-id="${id}"] .thumbnail-screen`)?.textContent ?? '';
    let last = screen();
    let changes = 0;
    const start = performance.now();
    while (performance.now() - start < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = screen();
      if (now !== last) changes++;
      last = now;
    }
    return changes / ((performance.now() - start) / 1000);
  }, tabId);
}

const renderers = (page: BarePage) => page.evaluate(() => window.longhaul.tabs().map((tab) => window.longhaul.renderer(tab.id)));

async function main(): Promise<void> {
  const host = await startBenchHost();
  const longhaul = await startBenchLonghaul(host);
  // Driven over the DevTools protocol alone, as no driver watches a user's browser (see barePage.ts).
  const browser = await BareChromium.launch();
  try {
    const page = await browser.newPage({ width: 1400, height: 900 });
    await installPageProbe(page);
    await page.goto(longhaul.url);
    const connect = async (target: string) => {
      await page.focusLabelled('Connect to');
      await page.keyboard.type(target);
      await page.keyboard.press('Enter');
    };
    const atPrompt = () => page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), undefined, { polling: 50, timeout: 60_000 });
    await connect('de1');
    await atPrompt();
    for (let i = 1; i < TABS; i++) {
      await page.keyboard.press('Alt+Shift+N');
      await connect('de1');
      await atPrompt();
    }
    const ids = (await page.evaluate(() => window.longhaul.tabs())).map((tab) => tab.id);
    const typing = ids[0]!;
    const flooding = ids[ids.length - 1]!;
    // Numbered, so the flooding screen changes with every chunk and its thumbnail's redraws can be counted.
    await page.keyboard.type(FLOOD);
    await page.keyboard.press('Enter');
    await page.evaluate(() => window.longhaul.runCommand('tab.goTo1'));
    await installEchoTimer(page);
    await sleep(1000); // the flood under way in the background

    const before = await renderers(page);
    const closed = await typeKeys(page, `overview closed: typed in tab 1's terminal, ${TABS - 1} tabs behind, one flooding`, 'full', typing);
    await page.keyboard.press('Alt+Shift+O');
    await page.waitForFunction((id) => document.querySelector(`.overview .thumbnail[data-tab-id="${id}"]`) !== null, typing, { polling: 50, timeout: 30_000 });
    const open = await typeKeys(page, `overview open: typed into tab 1's thumbnail, ${TABS} thumbnails live, one flooding`, 'thumbnail', typing);
    const floodRedraws = await redrawsPerSecond(page, flooding);
    const during = await renderers(page);
    const lost = before.filter((renderer, index) => renderer === 'webgl' && during[index] !== 'webgl').length;

    const cases = [closed, open];
    const rows = cases.map((c) => [
      c.what,
      fmtMs(percentile(c.echoMs, 0.5)),
      fmtMs(percentile(c.echoMs, 0.95)),
      fmtMs(percentile(c.stallsMs, 0.95)),
      fmtMs(Math.max(...c.stallsMs)),
    ]);
    const body = [
      `${TABS} tabs to de1 (loopback) in one Chromium page (1400×900, headless, no GPU, driven over the DevTools protocol without its Network domain: \`bench/support/barePage.ts\`), the last one running \`${FLOOD}\`. Each case types ${KEYS} keys, ${PAUSE_MS} ms after each echo; keydown → echo is timed in the page, to the first animation frame whose text shows the key (the terminal's screen as a person sees it, predicted echo included; or the thumbnail's text). Stalls: how late a 10 ms timer ran while typing.`,
      '',
      table(['case', 'keydown → echo p50', 'p95', 'main-thread stall p95', 'worst stall'], rows),
      '',
      `- Echo in a thumbnail ÷ in the full view: p50 ${ratio(percentile(open.echoMs, 0.5), percentile(closed.echoMs, 0.5))}, p95 ${ratio(percentile(open.echoMs, 0.95), percentile(closed.echoMs, 0.95))} (goal: p95 under ${GOAL_P95_MS} ms: ${percentile(open.echoMs, 0.95) < GOAL_P95_MS ? 'met' : 'not met'}).`,
      `- The flooding tab's thumbnail redrew ${floodRedraws.toFixed(1)} times a second (at least 4 wanted).`,
      `- Terminals drawing with WebGL before the overview opened: ${before.filter((r) => r === 'webgl').length}; of those, lost it while it was open: ${lost}${before.includes('webgl') ? '' : ' (this Chromium had no WebGL, so the run cannot show a lost context; thumbnails create none either way)'}.`,
      '',
      `Reading: the page is driven as a user's browser runs it. Until this run it was driven by Playwright, which turns on the protocol's Network domain; Chromium then copies every WebSocket frame to the driver (see the browser throughput section), and the thumbnail's echo missed the goal by 3 ms (p95 53 ms, full view 47 ms). The thumbnail's echo stays about a frame behind the full view's at the median: the full view is read from the terminal's buffer as soon as it is parsed, the thumbnail from its text as drawn in the next frame. Drawing the thumbnail typed into as soon as its output is parsed, instead of in the next frame, was tried twice (before and again with this driver) and gained nothing measurable, so it was not kept.`,
      '',
      `Command: \`${COMMAND}\`. ${machineLine()}`,
    ].join('\n');
    console.log(body);
    maybeWriteSection(HEADING, body);
  } finally {
    await browser.close();
    await longhaul.process.stop();
    await host.stop();
  }
}

await main();
