// Durable shells (in tmux on the host) against shells on a pty, side by side in one run: keystroke → echo, output
// throughput, the bridge's memory per tab, and the time from a cut connection to a working tab at 250 ms.
// Run: npm run bench:durable   (builds, then runs this; BENCH_WRITE=0 prints without writing BENCHMARKS.md)
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { BenchTab } from './support/benchTab.js';
import { addHostAlias, startBenchHost, startBenchLonghaul, type BenchHost, type Longhaul } from './support/benchHost.js';
import { rssBytes } from './support/procStats.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMib, fmtMs, fmtRate, latencyCell, median, mibPerSecond, percentile, ratio, table } from './support/stats.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const OUTPUT_MIB = Number(process.env.BENCH_OUTPUT_MIB ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TABS_FOR_MEMORY = Number(process.env.BENCH_TABS ?? 20);
const MANY_TABS = 8;
const ONE_WAY_MS = 125;
/** The durable longhaul's tmux server: this run's own, ended at the end. */
const TMUX_SOCKET = `lh-bench-${process.pid}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each key typed alone, its echo awaited: the same keys, alternating between the two tabs so both see the same load. */
async function echoTimes(tabs: BenchTab[]): Promise<number[][]> {
  const times = tabs.map(() => [] as number[]);
  for (let i = 0; i < KEYS; i++) {
    for (const [t, tab] of tabs.entries()) {
      const key = String.fromCharCode(97 + (i % 26));
      times[t]!.push(await tab.echoRoundTrip(key));
      if (i % 40 === 39) {
        tab.type('\x15'); // Ctrl-U: an empty line again
        await sleep(20);
      }
    }
  }
  for (const tab of tabs) tab.type('\x15');
  return times;
}

/** Output of `OUTPUT_MIB` of base64 text, from typing the command to its end mark: MiB/s. */
async function throughput(tab: BenchTab, run: number): Promise<number> {
  const rawBytes = Math.round((OUTPUT_MIB * 1024 * 1024 * 3) / 4);
  const before = tab.received;
  const started = performance.now();
  // Each run its own end mark: the tail still holds the one before.
  tab.type(`head -c ${rawBytes} /dev/zero | base64 -w 76; echo BENCH''DONE-${run}\r`);
  await tab.until(() => tab.tailIncludes(`BENCHDONE-${run}`), 'the end of the output', 300_000);
  return mibPerSecond(tab.received - before, performance.now() - started);
}

/** The bridge's resident memory with `count` more idle tabs open on `target`, per tab. */
async function memoryPerTab(longhaul: Longhaul, target: string, count: number): Promise<number> {
  await sleep(500);
  const before = rssBytes(longhaul.pid);
  const tabs: BenchTab[] = [];
  for (let i = 0; i < count; i++) tabs.push(await BenchTab.openShell(longhaul.wsUrl, longhaul.token, target));
  await sleep(1500);
  const after = rssBytes(longhaul.pid);
  for (const tab of tabs) {
    tab.send({ type: 'close' });
    await tab.closeAndWait(5_000).catch(() => tab.close());
  }
  return (after - before) / count;
}

/**
 * A durable tab 250 ms away has its every connection cut (as a proxy reset does); the time from the cut to the
 * echo of a command typed at once after it, and the reconnect's own steps.
 */
async function cutToWorking(longhaul: Longhaul, proxy: Awaited<ReturnType<typeof startDelayProxy>>): Promise<number[]> {
  const times: number[] = [];
  const tab = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'far');
  for (let run = 0; run < RUNS; run++) {
    await sleep(1000); // a quiet pane: the bridge knows where the tab is in it
    const mark = `back-${run}-$((6*7))`;
    tab.watch();
    const cutAt = performance.now();
    proxy.dropConnections();
    tab.type(`echo ${mark}\r`);
    await tab.until(() => tab.watchedIncludes(`back-${run}-42`), 'the command typed after the cut', 60_000);
    times.push(performance.now() - cutAt);
  }
  tab.send({ type: 'close' });
  tab.close();
  return times;
}

/**
 * Ms from asking for `count` tabs at once (a window restored, a group opened) on a logged-in connection 250 ms away
 * to the last one's first output. Durable shells start their tmux clients one at a time (tmux before 3.7 crashes
 * when one starts while another changes something), so this shows what that costs.
 */
async function manyAtOnce(longhaul: Longhaul, count: number): Promise<number> {
  const warm = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'far');
  const tabs = await Promise.all(Array.from({ length: count }, () => BenchTab.connect(longhaul.wsUrl, longhaul.token)));
  await sleep(500);
  const started = performance.now();
  for (const tab of tabs) tab.send({ type: 'open', target: 'far', cols: 120, rows: 40 });
  await Promise.all(tabs.map((tab) => tab.until(() => tab.received > 0, 'the first output of each tab', 60_000)));
  const ms = performance.now() - started;
  for (const tab of [warm, ...tabs]) {
    tab.send({ type: 'close' });
    await tab.closeAndWait(5_000).catch(() => tab.close());
  }
  return ms;
}

/** Ms from asking for a tab to its shell's first output. */
async function firstOutput(longhaul: Longhaul, target: string, savedSessionId?: string): Promise<number> {
  const tab = await BenchTab.connect(longhaul.wsUrl, longhaul.token);
  const started = performance.now();
  tab.send({ type: 'open', target, cols: 120, rows: 40, ...(savedSessionId ? { savedSessionId } : {}) });
  await tab.until(() => tab.received > 0, `the first output of a tab to ${target}`);
  const ms = performance.now() - started;
  await tab.closeAndWait(5_000);
  return ms;
}

async function api(longhaul: Longhaul, method: string, route: string, body?: object): Promise<unknown> {
  const response = await fetch(new URL(route, longhaul.url), {
    method,
    headers: { authorization: `Bearer ${longhaul.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function connections(longhaul: Longhaul): Promise<Array<{ kept: boolean; shells: number }>> {
  return ((await api(longhaul, 'GET', '/api/connections')) as { connections: Array<{ kept: boolean; shells: number }> }).connections;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The first tab to a host 250 ms away: cold (a login), then from a saved session marked Keep connected once longhaul
 * has logged in to it by itself.
 */
async function firstTabs(longhaul: Longhaul): Promise<{ cold: number[]; kept: number[] }> {
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    cold.push(await firstOutput(longhaul, 'far'));
    await waitFor(async () => (await connections(longhaul)).length === 0, 'the idle connection to go');
  }
  const saved = (await api(longhaul, 'POST', '/api/sessions/saved', { name: 'far kept', target: 'far', keepConnected: true })) as { id: string };
  const kept: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await waitFor(async () => (await connections(longhaul)).some((c) => c.kept && c.shells === 0), 'the kept connection');
    await sleep(500); // the channel it opens ahead
    kept.push(await firstOutput(longhaul, 'far', saved.id));
  }
  await api(longhaul, 'DELETE', `/api/sessions/saved/${saved.id}`).catch(() => undefined);
  return { cold, kept };
}

/** `ssh far true`: a whole fresh login at 250 ms, for scale. */
function sshTrue(host: BenchHost): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile('ssh', ['-F', host.sshConfig, 'far', 'true'], (error) => (error ? reject(error) : resolve(performance.now() - started)));
  });
}

async function main(): Promise<void> {
  const host = await startBenchHost();
  const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: host.sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  addHostAlias(host, 'far', proxy.port);
  const durable = await startBenchLonghaul(host, ['--durable', 'auto'], 'durable', { LONGHAUL_TMUX_SOCKET: TMUX_SOCKET });
  const plain = await startBenchLonghaul(host, [], 'plain');
  try {
    const durableTab = await BenchTab.openShell(durable.wsUrl, durable.token, 'de1');
    const plainTab = await BenchTab.openShell(plain.wsUrl, plain.token, 'de1');
    const inTmux = await new Promise<string>((resolve) => {
      durableTab.watch();
      durableTab.type('echo "tmux:${TMUX:+yes}"\r');
      void durableTab.until(() => /tmux:(yes|\r)/.test(durableTab.lastOutput), 'whether the shell runs in tmux', 10_000).then(() => resolve(/tmux:yes/.test(durableTab.lastOutput) ? 'yes' : 'no'));
    });
    if (inTmux !== 'yes') throw new Error('the durable tab does not run in tmux: is tmux 3.2+ installed?');

    const [durableEcho, plainEcho] = await echoTimes([durableTab, plainTab]);
    const durableRates: number[] = [];
    const plainRates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      durableRates.push(await throughput(durableTab, i));
      plainRates.push(await throughput(plainTab, i));
    }
    for (const tab of [durableTab, plainTab]) {
      tab.send({ type: 'close' });
      tab.close();
    }
    const durablePerTab = await memoryPerTab(durable, 'de1', TABS_FOR_MEMORY);
    const plainPerTab = await memoryPerTab(plain, 'de1', TABS_FOR_MEMORY);
    const cut = await cutToWorking(durable, proxy);
    // Eight: with the tab already there and the channel opened ahead, as many as the host's MaxSessions (10) allows.
    const durableMany = await manyAtOnce(durable, MANY_TABS);
    const plainMany = await manyAtOnce(plain, MANY_TABS);
    const first = await firstTabs(plain);
    const ssh: number[] = [];
    for (let i = 0; i < RUNS; i++) ssh.push(await sshTrue(host));
    const rtt = 2 * ONE_WAY_MS;
    const rtts = (ms: number) => (ms / rtt).toFixed(1);

    const body = [
      `Command: \`npm run bench:durable\` (BENCH_KEYS=${KEYS}, BENCH_OUTPUT_MIB=${OUTPUT_MIB}, BENCH_RUNS=${RUNS}, BENCH_TABS=${TABS_FOR_MEMORY}). ` +
        'Two longhauls on the same test sshd in one run: one with durable shells (`--durable auto`: each tab in tmux ' +
        'on the host, over control mode), one with shells on a pty (`--durable off`); headless tabs that acknowledge ' +
        'output at once. Keys are typed one at a time, alternating between the two tabs.',
      '',
      table(
        ['what', 'durable (tmux)', 'pty', 'durable / pty'],
        [
          ['keystroke → echo on loopback, p50 / p95 / max', latencyCell(durableEcho!), latencyCell(plainEcho!), ratio(percentile(durableEcho!, 0.5), percentile(plainEcho!, 0.5))],
          [`output, ${OUTPUT_MIB} MiB of base64 text (median of ${RUNS})`, fmtRate(median(durableRates)), fmtRate(median(plainRates)), ratio(median(durableRates), median(plainRates))],
          [`the bridge's memory per open tab (${TABS_FOR_MEMORY} tabs)`, fmtMib(durablePerTab), fmtMib(plainPerTab), ratio(durablePerTab, plainPerTab)],
        ],
      ),
      '',
      'A durable tab passes output at a fifth to a quarter of a pty tab\'s rate: tmux reads the pane as a terminal of its ' +
        'own and writes it out again, escaped, to its control client. tmux alone on this machine, in control mode ' +
        'writing to a file (`tmux -L x -f /dev/null -C new-session \'head -c 6291456 /dev/zero | base64 -w 76\' > out`, ' +
        'stdin held open), passes about 8–9 MiB/s of this text, so most of the gap is tmux\'s; keys are not slowed.',
      '',
      `250 ms away (a delay proxy): every connection of a durable tab cut, a command typed at once, and the time until its output is back; the first tab to the host, cold and kept connected. ${RUNS} runs each, medians.`,
      '',
      table(
        ['what', 'median', 'round trips'],
        [
          ['cut → the command typed after it has run and printed', fmtMs(median(cut)), rtts(median(cut))],
          ['first tab to the host, a new login (to its first output)', fmtMs(median(first.cold)), rtts(median(first.cold))],
          ['first tab from a saved session marked Keep connected', fmtMs(median(first.kept)), rtts(median(first.kept))],
          ['`ssh far true` (a fresh login, for scale)', fmtMs(median(ssh)), rtts(median(ssh))],
          [`${MANY_TABS} durable tabs asked for at once on a logged-in connection, to the last one's first output`, fmtMs(durableMany), rtts(durableMany)],
          [`${MANY_TABS} tabs on a pty, the same`, fmtMs(plainMany), rtts(plainMany)],
        ],
      ),
      '',
      'Durable tabs asked for together start one after the other: tmux before 3.7 crashes — every shell on the host ' +
        'with it — when a control client is told of a change while it is still starting, so each start waits for the ' +
        'one before it to be in its session (about a round trip each).',
      '',
      machineLine(),
    ].join('\n');
    console.log(body);
    maybeWriteSection('## Durable shells against shells on a pty', body);
  } finally {
    await durable.process.stop();
    await plain.process.stop();
    await new Promise<void>((resolve) =>
      execFile('ssh', ['-F', host.sshConfig, 'de1', `tmux -L ${TMUX_SOCKET} kill-server 2>/dev/null; true`], () => resolve()),
    );
    await proxy.close();
    await host.stop();
  }
}

await main();
