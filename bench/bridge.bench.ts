// The bridge side by side with OpenSSH's own `ssh`, on the same test sshd: output throughput, and opening a tab at 250 ms.
// Run: npm run bench:bridge   (builds, then runs this; BENCH_RUNS=n for n runs each, default 3)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { decodeFrame, encodeFrame, FrameType } from '../shared/frames.js';
import { PROTOCOL_VERSION, type ServerMessage } from '../shared/protocol.js';
import { startLonghaul } from '../test/support/longhaulProcess.js';
import { knownHostsLineFor, startSshd } from '../test/support/sshd.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUTPUT_MIB = Number(process.env.BENCH_OUTPUT_MIB ?? 256);
/** How long after the second tab the third is opened. */
const LATER_TAB_PAUSE_MS = 1000;
const ONE_WAY_MS = 125;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A minimal headless tab: acknowledges every frame as it arrives (the page does once it has drawn it). */
class BenchTab {
  private socket!: WebSocket;
  received = 0;
  private tail = '';
  private inputOffset = 0;
  private waiters: (() => void)[] = [];
  readonly messages: ServerMessage[] = [];

  static async open(wsUrl: string, token: string): Promise<BenchTab> {
    const tab = new BenchTab();
    tab.socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } });
    tab.socket.on('message', (data, binary) => {
      if (binary) {
        const decoded = decodeFrame(new Uint8Array(data as Buffer));
        if (!decoded.ok) throw new Error(decoded.error);
        tab.received += decoded.frame.payload.byteLength;
        tab.tail = (tab.tail + Buffer.from(decoded.frame.payload).toString('latin1')).slice(-256);
        tab.socket.send(JSON.stringify({ type: 'ack', offset: decoded.frame.offset + decoded.frame.payload.byteLength }));
      } else {
        tab.messages.push(JSON.parse(data.toString()) as ServerMessage);
      }
      for (const wake of tab.waiters.splice(0)) wake();
    });
    await new Promise((resolve, reject) => tab.socket.once('open', resolve).once('error', reject));
    tab.socket.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION }));
    return tab;
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  type(text: string): void {
    const bytes = Buffer.from(text);
    this.socket.send(encodeFrame(FrameType.Input, this.inputOffset, bytes));
    this.inputOffset += bytes.byteLength;
  }

  async until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  sawMessage(type: ServerMessage['type']): boolean {
    return this.messages.some((m) => m.type === type);
  }

  sawInTail(text: string): boolean {
    return this.tail.includes(text);
  }

  close(): void {
    this.socket.close();
  }
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const sshd = await startSshd();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bench-'));
  const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  fs.writeFileSync(path.join(work, 'known_hosts'), `${knownHostsLineFor(sshd)}\n[127.0.0.1]:${proxy.port} ${type} ${key}\n`);
  const hostBlock = (name: string, port: number) =>
    `Host ${name}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n` +
    `  UserKnownHostsFile ${path.join(work, 'known_hosts')}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`;
  const config = path.join(work, 'config');
  fs.writeFileSync(config, hostBlock('de1', sshd.port) + hostBlock('far', proxy.port));
  const longhaul = await startLonghaul(['--durable', 'off', '--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', path.join(work, 'known_hosts')], { HOME: work });
  const url = new URL(longhaul.url);
  const token = url.searchParams.get('token')!;
  const wsUrl = `ws://${url.host}/ws`;

  try {
    // --- 1. Output throughput: the same command through longhaul (a shell on a pty) and through ssh (no pty).
    const rawBytes = Math.round((OUTPUT_MIB * 1024 * 1024 * 3) / 4); // base64 makes 4 bytes of 3
    const produce = `head -c ${rawBytes} /dev/zero | base64 -w 76`;
    const sshMs: number[] = [];
    const longhaulRates: number[] = [];
    const sshRates: number[] = [];
    const sshPtyRates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const sshRunMs = await run('ssh', ['-F', config, 'de1', produce]);
      sshMs.push(sshRunMs);
      sshRates.push((OUTPUT_MIB * 1024 * 1024) / (sshRunMs / 1000));
      // With a pty, as longhaul's shell has: the terminal's line discipline adds a \r to every line.
      const sshPtyMs = await run('ssh', ['-tt', '-F', config, 'de1', produce]);
      sshPtyRates.push((OUTPUT_MIB * 1024 * 1024) / (sshPtyMs / 1000));

      const tab = await BenchTab.open(wsUrl, token);
      tab.send({ type: 'open', target: 'de1', cols: 120, rows: 40 });
      await tab.until(() => tab.sawMessage('ready'));
      await tab.until(() => tab.sawInTail('$ '));
      const before = tab.received;
      const started = performance.now();
      tab.type(`${produce}; echo BENCH''DONE\r`);
      await tab.until(() => tab.sawInTail('BENCHDONE'));
      const longhaulRunMs = performance.now() - started;
      longhaulRates.push((tab.received - before) / (longhaulRunMs / 1000));
      tab.send({ type: 'close' });
      tab.close();
    }
    const mib = (bytesPerSecond: number) => `${(bytesPerSecond / 1024 / 1024).toFixed(0)} MiB/s`;
    console.log(`\nOutput throughput, ${OUTPUT_MIB} MiB of base64 text, ${RUNS} runs, medians:`);
    console.log(`| path | rate | vs ssh |\n| --- | --- | --- |`);
    console.log(`| ssh de1 'cmd' > /dev/null | ${mib(median(sshRates))} | 1.00 |`);
    console.log(`| ssh -tt de1 'cmd' > /dev/null (with a pty) | ${mib(median(sshPtyRates))} | ${(median(sshPtyRates) / median(sshRates)).toFixed(2)} |`);
    console.log(`| longhaul → headless tab (pty, acks as the page) | ${mib(median(longhaulRates))} | ${(median(longhaulRates) / median(sshRates)).toFixed(2)} (${(median(longhaulRates) / median(sshPtyRates)).toFixed(2)} of ssh -tt) |`);

    // --- 2. Opening a tab at 250 ms round trip: new connection, reused connection, and `ssh far true`.
    const firstMs: number[] = [];
    const secondMs: number[] = [];
    const laterMs: number[] = [];
    const sshTrueMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const openReady = async () => {
        const tab = await BenchTab.open(wsUrl, token);
        const started = performance.now();
        tab.send({ type: 'open', target: 'far', cols: 120, rows: 40 });
        await tab.until(() => tab.received > 0); // the shell's first byte: the tab is usable
        return { tab, ms: performance.now() - started };
      };
      const first = await openReady();
      const second = await openReady();
      // A person opens the next tab a moment later, by which time a channel is open and waiting for it.
      await new Promise((resolve) => setTimeout(resolve, LATER_TAB_PAUSE_MS));
      const later = await openReady();
      firstMs.push(first.ms);
      secondMs.push(second.ms);
      laterMs.push(later.ms);
      for (const { tab } of [first, second, later]) {
        tab.send({ type: 'close' });
        tab.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the connection close before the next run
      sshTrueMs.push(await run('ssh', ['-F', config, 'far', 'true']));
    }
    const rtts = (ms: number) => (ms / (2 * ONE_WAY_MS)).toFixed(1);
    console.log(`\nOpening a tab to a host 250 ms away, ${RUNS} runs, medians (time to the shell's first byte):`);
    console.log(`| what | time | round trips |\n| --- | --- | --- |`);
    console.log(`| longhaul, first tab (new SSH connection) | ${median(firstMs).toFixed(0)} ms | ${rtts(median(firstMs))} |`);
    console.log(`| longhaul, second tab at once (same connection) | ${median(secondMs).toFixed(0)} ms | ${rtts(median(secondMs))} |`);
    console.log(`| longhaul, third tab ${LATER_TAB_PAUSE_MS / 1000} s later (same connection) | ${median(laterMs).toFixed(0)} ms | ${rtts(median(laterMs))} |`);
    console.log(`| ssh far true (connect, run, exit) | ${median(sshTrueMs).toFixed(0)} ms | ${rtts(median(sshTrueMs))} |`);
  } finally {
    await longhaul.stop();
    await proxy.close();
    await sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
