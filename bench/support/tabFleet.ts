// Headless tabs in a process of their own, so their work does not delay the benchmark's own clock: opens <count>
// shells on de1, prints "ready", and on "go" (a line on stdin) types <command> in each. With --until MARKER it prints
// "done {json}" once every tab has shown MARKER; without, it runs until SIGTERM, then prints "done {json}".
// Run by the benchmarks: node --import tsx bench/support/tabFleet.ts <wsUrl> <token> <count> <command> [--until MARKER]
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { BenchTab } from './benchTab.js';

const [wsUrl, token, countText, command, flag, marker] = process.argv.slice(2);
const count = Number(countText);
if (!wsUrl || !token || !Number.isInteger(count) || count < 1 || !command || (flag !== undefined && (flag !== '--until' || !marker))) {
  console.error('usage: tabFleet.ts <wsUrl> <token> <count> <command> [--until MARKER]');
  process.exit(2);
}

// One after another, as a person opens tabs: opened together, tabs to a host with no connection yet each start one.
const tabs: BenchTab[] = [];
while (tabs.length < count) tabs.push(await BenchTab.openShell(wsUrl, token, 'de1', 120_000));
let startedAt = 0;
let startedBytes = 0;
const received = () => tabs.reduce((sum, tab) => sum + tab.received, 0);
const report = () => {
  const seconds = (performance.now() - startedAt) / 1000;
  process.stdout.write(`done ${JSON.stringify({ bytes: received() - startedBytes, seconds })}\n`);
};
const finish = async () => {
  await Promise.all(tabs.map((tab) => tab.closeAndWait(10_000)));
  setTimeout(() => process.exit(0), 300);
};
process.once('SIGTERM', () => {
  if (startedAt !== 0 && marker === undefined) report();
  void finish();
});
process.stdout.write('ready\n');

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() !== 'go' || startedAt !== 0) return;
  startedAt = performance.now();
  startedBytes = received();
  for (const tab of tabs) tab.type(`${command}\r`);
  if (marker !== undefined) {
    void Promise.all(tabs.map((tab) => tab.until(() => tab.tailIncludes(marker), `${marker} in every tab`, 60 * 60_000))).then(report);
  }
});
