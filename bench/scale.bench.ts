// Memory and scale: the bridge's resident memory with 1, 100 and 500 idle sessions and with 100 busy ones, and whether tabs still answer, idle and beside floods.
// Run: npm run bench:scale   (builds, then runs this; BENCH_SESSIONS=a,b,c idle steps, default 1,100,500; BENCH_BUSY=n, default 100)
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BenchTab } from './support/benchTab.js';
import { startBenchHost, startBenchLonghaul, type BenchHost, type Longhaul } from './support/benchHost.js';
import { startFleet, type Fleet } from './support/fleet.js';
import { inspectorUrl, memoryAfterGc, type NodeMemory } from './support/inspectMemory.js';
import { cpuAndWaitMs, descendantsOf, establishedTo, lowestCpuPriority, rssBytes } from './support/procStats.js';
import { sshTypist, type SshTypist } from './support/sshTypist.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtMib, fmtMs, latencyCell, median, MIB, percentile, table } from './support/stats.js';

const STEPS = (process.env.BENCH_SESSIONS ?? '1,100,500').split(',').map(Number);
const BUSY = Number(process.env.BENCH_BUSY ?? 100);
/** Output per busy session: twice the 4 MiB each session keeps, so every buffer fills and wraps. */
const BUSY_MIB = 8;
/** Tabs are opened one after another, as a person does; a burst of this many, opened together, is measured apart. */
const BURST = 8;
const SETTLE_MS = 5000;
const OUTPUT_BUFFER_MIB = 4;
const GOAL_IDLE_MIB = 2;
const HEADING = '## Memory and scale (issue 7, item 4)';
const env = (name: string) => (process.env[name] ? `${name}=${process.env[name]} ` : '');
const COMMAND = `${env('BENCH_SESSIONS')}${env('BENCH_BUSY')}npm run bench:scale`;
/** The inspector lets the benchmark force a garbage collection and read the heap; RSS is read from /proc either way. */
const INSPECT = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reading {
  /** VmRSS, settled: the median of five samples a second apart, after SETTLE_MS. */
  rss: number;
  /** process.memoryUsage() right after a forced garbage collection (taken after the RSS samples). */
  afterGc: NodeMemory;
}

async function read(longhaul: Longhaul): Promise<Reading> {
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(longhaul.pid));
    await sleep(1000);
  }
  const url = inspectorUrl(longhaul.process.output());
  if (!url) throw new Error(`longhaul printed no inspector address: ${longhaul.process.output()}`);
  return { rss: median(samples), afterGc: await memoryAfterGc(url) };
}

/** Live memory after a collection: the JavaScript heap plus memory held outside it (buffers). */
const live = (reading: Reading) => reading.afterGc.heapUsed + reading.afterGc.external;

/** CPU time (user + system) the process used, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime and stime, in clock ticks of 10 ms
}

/** Open tabs one after another until there are `count`; returns each open's time (connect or channel, shell, prompt). */
async function openUpTo(tabs: BenchTab[], count: number, longhaul: Longhaul): Promise<number[]> {
  const times: number[] = [];
  while (tabs.length < count) {
    const started = performance.now();
    tabs.push(await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1', 120_000));
    times.push(performance.now() - started);
  }
  return times;
}

/** BURST tabs opened at the same moment on a longhaul with no connection yet: how many SSH connections they start. */
async function burst(host: BenchHost, longhaul: Longhaul): Promise<number> {
  const tabs = await Promise.all(Array.from({ length: BURST }, () => BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1', 120_000)));
  const connections = establishedTo(host.sshd.port);
  for (const tab of tabs) tab.close();
  const deadline = Date.now() + 10_000;
  while (establishedTo(host.sshd.port) > 0 && Date.now() < deadline) await sleep(200);
  return connections;
}

interface IdleStep {
  sessions: number;
  reading: Reading;
  connections: number;
  openMs: number[];
}

interface IdleResult {
  base: Reading;
  steps: IdleStep[];
  oneByOne: number[];
  allAtOnce: number[];
  /** Share of one core longhaul used over 10 s with every session idle. */
  idleCpu: number;
}

async function idleSessions(host: BenchHost): Promise<IdleResult> {
  const longhaul = await startBenchLonghaul(host, [], 'data-idle', INSPECT);
  const tabs: BenchTab[] = [];
  try {
    const base = await read(longhaul);
    console.log(`idle: no session, RSS ${fmtMib(base.rss)}`);
    const steps: IdleStep[] = [];
    for (const sessions of STEPS) {
      const openMs = await openUpTo(tabs, sessions, longhaul);
      const reading = await read(longhaul);
      const connections = establishedTo(host.sshd.port);
      steps.push({ sessions, reading, connections, openMs });
      console.log(`idle: ${sessions} sessions on ${connections} SSH connections, RSS ${fmtMib(reading.rss)}, live ${fmtMib(live(reading))}, opening p50 ${fmtMs(median(openMs))}`);
    }
    const cpuBefore = cpuMs(longhaul.pid);
    const cpuStarted = performance.now();
    await sleep(10_000);
    const idleCpu = (cpuMs(longhaul.pid) - cpuBefore) / (performance.now() - cpuStarted);
    // Every tab types a key and waits for its echo: one tab after another, then all at the same moment.
    const oneByOne: number[] = [];
    for (const tab of tabs) oneByOne.push(await tab.echoRoundTrip('x'));
    const allAtOnce = await Promise.all(tabs.map((tab) => tab.echoRoundTrip('y', 'y', 60_000)));
    console.log(`idle: echo in ${tabs.length} tabs, one by one ${latencyCell(oneByOne)}, all at once ${latencyCell(allAtOnce)}`);
    return { base, steps, oneByOne, allAtOnce, idleCpu };
  } finally {
    for (const tab of tabs) tab.close();
    await sleep(1000);
    await longhaul.process.stop();
  }
}

/** Keystroke → echo in one more longhaul tab and in `ssh -tt`, keys in turn, while the busy tabs each print BUSY_MIB MiB. */
interface FloodTyping {
  seconds: number;
  /** Echo times in one more tab, idle, while the busy ones print. */
  echoMs: number[];
  /** The same over OpenSSH's `ssh -tt` (its own connection), keys taking turns with the tab's. */
  sshEchoMs: number[];
  /** longhaul's thread during the flood: ms on a CPU, and ms runnable but waiting for one, per second. */
  ranMsPerS: number;
  waitedMsPerS: number;
}

interface BusyResult {
  /** SSH connections started by BURST tabs opened at once. */
  burstConnections: number;
  base: Reading;
  idle: Reading;
  peakRss: number;
  after: Reading;
  closed: Reading;
  typing: FloodTyping;
}

/** BUSY idle tabs ready to flood (in a process of their own), one more tab to type in, and `ssh -tt` beside it. */
interface FloodStage {
  fleet: Fleet;
  watcher: BenchTab;
  sshWatcher: SshTypist;
  stop(): Promise<void>;
}

async function startFloodStage(host: BenchHost, longhaul: Longhaul): Promise<FloodStage> {
  // The busy tabs live in a process of their own (bench/support/tabFleet.ts): receiving floods must not delay this one's clock.
  const command = `head -c ${Math.round((BUSY_MIB * MIB * 3) / 4)} /dev/zero | base64 -w 76; echo BUSY''DONE`;
  const fleet = await startFleet(longhaul, BUSY, command, 'BUSYDONE\r\n');
  const watcher = await BenchTab.openShell(longhaul.wsUrl, longhaul.token, 'de1');
  const sshWatcher = await sshTypist(host);
  return {
    fleet,
    watcher,
    sshWatcher,
    async stop() {
      await fleet.stop();
      watcher.close();
      await sshWatcher.stop();
    },
  };
}

/** Start the fleet's floods and type in the stage's tab and over its `ssh -tt` until every flood is done. */
async function typeWhileFlooding(longhaul: Longhaul, { fleet, watcher, sshWatcher }: FloodStage): Promise<FloodTyping> {
  let running = true;
  const echoMs: number[] = [];
  const sshEchoMs: number[] = [];
  const typist = (async () => {
    await sleep(500);
    // A key in the longhaul tab, then one over ssh, in turn, so both see the same moments of the flood.
    for (let i = 0; running; i++) {
      const [key, echo] = i % 2 === 0 ? ['x', 'x'] : ['\x7f', '\b'];
      echoMs.push(await watcher.echoRoundTrip(key, echo, 60_000));
      await sleep(50);
      sshEchoMs.push(await sshWatcher.echo(key, echo));
      await sleep(50);
    }
  })();
  const before = cpuAndWaitMs(longhaul.pid);
  let seconds: number;
  let after: ReturnType<typeof cpuAndWaitMs>;
  try {
    fleet.go();
    ({ seconds } = await fleet.done());
    after = cpuAndWaitMs(longhaul.pid);
  } finally {
    // A failed flood must not leave the typist typing forever.
    running = false;
    await typist;
  }
  return {
    seconds,
    echoMs,
    sshEchoMs,
    ranMsPerS: (after.runMs - before.runMs) / seconds,
    waitedMsPerS: (after.waitMs - before.waitMs) / seconds,
  };
}

async function busySessions(host: BenchHost): Promise<BusyResult> {
  const longhaul = await startBenchLonghaul(host, [], 'data-busy', INSPECT);
  try {
    const burstConnections = await burst(host, longhaul);
    console.log(`burst: ${BURST} tabs opened at once started ${burstConnections} SSH connections`);
    const base = await read(longhaul);
    const stage = await startFloodStage(host, longhaul);
    const idle = await read(longhaul);
    console.log(`busy: ${BUSY} idle sessions (and one to type in), RSS ${fmtMib(idle.rss)}; now each prints ${BUSY_MIB} MiB`);
    let peakRss = rssBytes(longhaul.pid);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, rssBytes(longhaul.pid));
        await sleep(200);
      }
    })();
    const typing = await typeWhileFlooding(longhaul, stage);
    sampling = false;
    await sampler;
    const after = await read(longhaul);
    console.log(`busy: done in ${typing.seconds.toFixed(0)} s, peak RSS ${fmtMib(peakRss)}, after ${fmtMib(after.rss)} (live ${fmtMib(live(after))})`);
    await stage.stop();
    const closed = await read(longhaul);
    console.log(`busy: sessions closed, RSS ${fmtMib(closed.rss)} (live ${fmtMib(live(closed))})`);
    return { burstConnections, base, idle, peakRss, after, closed, typing };
  } finally {
    await longhaul.process.stop();
  }
}

/**
 * The same typing, with the host's processes (sshd and everything in its sessions) at the lowest CPU priority: as
 * if the 100 flooding shells ran on another machine, as they do for real, instead of taking turns with longhaul.
 */
async function busyWithHostElsewhere(host: BenchHost): Promise<FloodTyping> {
  const longhaul = await startBenchLonghaul(host, [], 'data-busy-elsewhere');
  try {
    const stage = await startFloodStage(host, longhaul);
    const lowered = lowestCpuPriority(descendantsOf(host.sshd.pid));
    if (lowered === 0) throw new Error(`no process of the host's sshd (pid ${host.sshd.pid}) took a lower CPU priority`);
    console.log(`busy, host elsewhere: ${lowered} host processes at the lowest CPU priority; now each of ${BUSY} shells prints ${BUSY_MIB} MiB`);
    const typing = await typeWhileFlooding(longhaul, stage);
    console.log(`busy, host elsewhere: done in ${typing.seconds.toFixed(0)} s, echo ${latencyCell(typing.echoMs)}, ssh -tt ${latencyCell(typing.sshEchoMs)}`);
    await stage.stop();
    return typing;
  } finally {
    await longhaul.process.stop();
  }
}

const host = await startBenchHost();
try {
  const idle = await idleSessions(host);
  const busy = await busySessions(host);
  const elsewhere = await busyWithHostElsewhere(host);

  const first = idle.steps[0]!;
  const last = idle.steps.at(-1)!;
  const slope = (a: { sessions: number; reading: Reading }, b: { sessions: number; reading: Reading }, measure: (r: Reading) => number) =>
    (measure(b.reading) - measure(a.reading)) / (b.sessions - a.sessions);
  const rss = (r: Reading) => r.rss;
  const idleRows = [
    ['longhaul, no session', fmtMib(idle.base.rss), fmtMib(live(idle.base)), '–', '–', '–', '–'],
    ...idle.steps.map((step, i) => {
      // From no session to the first, RSS mostly moves with start-up garbage being collected: no per-session figure.
      const previous = idle.steps[i - 1];
      return [
        `${step.sessions} idle session${step.sessions === 1 ? '' : 's'}`,
        fmtMib(step.reading.rss),
        fmtMib(live(step.reading)),
        previous ? fmtMib(slope(previous, step, rss)) : '–',
        previous ? fmtMib(slope(previous, step, live)) : '–',
        String(step.connections),
        `${fmtMs(median(step.openMs))} / ${fmtMs(percentile(step.openMs, 0.95))}`,
      ];
    }),
  ];
  const idleTable = table(
    ['bridge', 'RSS', 'live after GC', 'RSS per session added', 'live per session added', 'SSH connections', 'opening a tab, p50 / p95'],
    idleRows,
  );
  const perIdleRss = slope(first, last, rss);
  const perIdleLive = slope(first, last, live);
  const perBusy = (r: Reading) => fmtMib((r.rss - busy.idle.rss) / BUSY);
  const perBusyLive = (r: Reading) => fmtMib((live(r) - live(busy.idle)) / BUSY);
  const busyTable = table(
    ['bridge (a fresh longhaul)', 'RSS', 'live after GC', 'RSS per session, beyond idle', 'live per session, beyond idle'],
    [
      ['no session', fmtMib(busy.base.rss), fmtMib(live(busy.base)), '–', '–'],
      [`${BUSY} idle sessions`, fmtMib(busy.idle.rss), fmtMib(live(busy.idle)), '–', '–'],
      [`peak while each prints ${BUSY_MIB} MiB`, fmtMib(busy.peakRss), '–', fmtMib((busy.peakRss - busy.idle.rss) / BUSY), '–'],
      [`after: each holds its last ${OUTPUT_BUFFER_MIB} MiB of output`, fmtMib(busy.after.rss), fmtMib(live(busy.after)), perBusy(busy.after), perBusyLive(busy.after)],
      ['after closing them all', fmtMib(busy.closed.rss), fmtMib(live(busy.closed)), '–', '–'],
    ],
  );
  const checkTable = table(
    ['typing', 'keystroke → echo, p50 / p95 / max'],
    [
      [`${last.sessions} tabs, one after another`, latencyCell(idle.oneByOne)],
      [`${last.sessions} tabs, all at the same moment`, latencyCell(idle.allAtOnce)],
      [`one more longhaul tab while ${BUSY} others print ${BUSY_MIB} MiB each (${busy.typing.echoMs.length} keys)`, latencyCell(busy.typing.echoMs)],
      [`\`ssh -tt de1\` at the same time, keys in turn with that tab's (${busy.typing.sshEchoMs.length} keys)`, latencyCell(busy.typing.sshEchoMs)],
      [`the same, the host's processes at the lowest CPU priority: longhaul (${elsewhere.echoMs.length} keys)`, latencyCell(elsewhere.echoMs)],
      [`the same, the host's processes at the lowest CPU priority: \`ssh -tt\` (${elsewhere.sshEchoMs.length} keys)`, latencyCell(elsewhere.sshEchoMs)],
    ],
  );
  console.log(`\n${idleTable}\n\n${busyTable}\n\n${checkTable}\n`);
  const busyBeyondBuffer = (live(busy.after) - live(busy.idle)) / BUSY - OUTPUT_BUFFER_MIB * MIB;
  maybeWriteSection(
    HEADING,
    `
Command: \`${COMMAND}\` (\`bench/scale.bench.ts\`).

The real \`longhaul\` command in its own process. **RSS** is its resident memory from \`/proc/<pid>/status\` (VmRSS, the median
of 5 samples a second apart, ${SETTLE_MS / 1000} s after the last change); **live after GC** is the JavaScript heap plus memory held
outside it (\`heapUsed + external\`, buffers included) right after a forced collection, read through the inspector (longhaul runs
with \`--inspect=127.0.0.1:0\` here for that), to tell what sessions hold from what the allocator keeps. Headless tabs
(\`bench/support/benchTab.ts\`) open shells one after another on one test \`sshd\` with OpenSSH's default \`MaxSessions 10\`;
longhaul puts channels on a connection until the host refuses one, then opens another. Idle: a shell at its prompt.
Busy: each shell prints ${BUSY_MIB} MiB (\`base64\`), all at once, to tabs in another process (\`bench/support/tabFleet.ts\`) that
acknowledge on arrival; each session keeps its last ${OUTPUT_BUFFER_MIB} MiB of output (\`--output-buffer\`).

${idleTable}

RSS with no session is start-up memory not yet collected; it drops once the first session opens, so per-session figures
start from 1.

**An idle session costs ${fmtMib(perIdleRss)} of RSS (${fmtMib(perIdleLive)} live)** from 1 to ${last.sessions} sessions (goal: under ${GOAL_IDLE_MIB} MiB beyond its
output buffer: ${perIdleRss < GOAL_IDLE_MIB * MIB ? 'met' : '**missed**'}). With ${last.sessions} idle sessions longhaul used ${(idle.idleCpu * 100).toFixed(1)}% of one core
(an SSH keepalive every 2 s on each connection).

${busyTable}

After the flood each busy session holds ${perBusyLive(busy.after)} live beyond an idle one: its ${OUTPUT_BUFFER_MIB} MiB of output
${busyBeyondBuffer >= 0 ? `and ${fmtMib(busyBeyondBuffer)} more` : ''}. ${BUSY} × ${BUSY_MIB} MiB went through in ${busy.typing.seconds.toFixed(0)} s. Resident memory does not come
back when the sessions end: with every session closed, live memory is ${fmtMib(live(busy.closed))} again but RSS stays at
${fmtMib(busy.closed.rss)} (the allocator keeps the freed buffers' pages).

${
  busy.burstConnections === 1
    ? `**Tabs opened together share one login**: ${BURST} tabs opened at the same moment on a fresh longhaul started 1 SSH connection
(one handshake, one login), the others waiting for it.`
    : `**Tabs opened together do not share one login**: ${BURST} tabs opened at the same moment on a fresh longhaul started
${busy.burstConnections} SSH connections (each a full handshake and login) where 1 would hold them all.`
} Opened one after another, ${last.sessions} tabs took ${last.connections} connections (the test \`sshd\` allows 10 channels on each).

Do the tabs still answer?

${checkTable}

With ${last.sessions} idle sessions every tab answers, one at a time (p95 ${fmtMs(percentile(idle.oneByOne, 0.95))}) or all at once (p95
${fmtMs(percentile(idle.allAtOnce, 0.95))}). **While ${BUSY} sessions flood, a quiet tab ${percentile(busy.typing.echoMs, 0.95) < 50 ? 'still answers' : 'does not answer in time'}**: its echo takes
${fmtMs(percentile(busy.typing.echoMs, 0.5))} at the median and ${fmtMs(percentile(busy.typing.echoMs, 0.95))} at p95, while \`ssh -tt\` typed at the same moments, on the same
loaded machine, takes ${fmtMs(percentile(busy.typing.sshEchoMs, 0.5))} and ${fmtMs(percentile(busy.typing.sshEchoMs, 0.95))}. The time goes waiting for a CPU: during the flood
longhaul's thread ran ${fmtMs(busy.typing.ranMsPerS)} and waited in the run queue ${fmtMs(busy.typing.waitedMsPerS)} in each second (\`/proc/<pid>/schedstat\`).
Here the ${BUSY} flooding shells and the sshd serving them share these 2 cores with longhaul, and Linux shares the CPU
between login sessions first (autogroups): every SSH connection and every shell on a pty is one, and longhaul, one
process serving all of them, competes as one session among more than a hundred. \`ssh -tt\` is one more session that sleeps between keys,
so it runs the moment its echo arrives. With the host's processes at the lowest CPU priority (autogroup nice 19), as
if the host were another machine, as it is for real, the quiet tab's echo takes ${fmtMs(percentile(elsewhere.echoMs, 0.5))} at the median and
${fmtMs(percentile(elsewhere.echoMs, 0.95))} at p95 (\`ssh -tt\`: ${fmtMs(percentile(elsewhere.sshEchoMs, 0.5))} and ${fmtMs(percentile(elsewhere.sshEchoMs, 0.95))}; longhaul ran ${fmtMs(elsewhere.ranMsPerS)} and waited
${fmtMs(elsewhere.waitedMsPerS)} a second; the floods took ${elsewhere.seconds.toFixed(0)} s).

${machineLine()}
`,
  );
} finally {
  await host.stop();
}
