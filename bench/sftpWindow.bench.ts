// What holds an SFTP download at 250 ms: bytes per round trip, the window adjusts ssh2 sends, and silences, with ssh2's window and widened, and OpenSSH's sftp's adjusts beside.
// Run: npm run bench:sftp-window   (PROBE_MIB=32; PROBE_TIMELINE=1 prints one line per burst of data)
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client, type SFTPWrapper } from 'ssh2';
import { openDownload } from '../server/files/remoteFile.js';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { SFTP_EXTRA_RECEIVE_WINDOW_BYTES, widenReceiveWindow } from '../server/ssh/sftpReceiveWindow.js';
import { startSshd } from '../test/support/sshd.js';
import { exitOf } from './support/timedCommands.js';

const MIB = Number(process.env.PROBE_MIB ?? 32);
const RTT_MS = 250;

interface ChannelInternals {
  push(data: Buffer | null): unknown;
  incoming: { window: number };
  _protocol: { channelWindowAdjust(id: number, amount: number): void };
}

async function probe(sftp: SFTPWrapper, remote: string, label: string): Promise<void> {
  const internals = sftp as unknown as ChannelInternals;
  const arrivals: { at: number; bytes: number }[] = [];
  const adjusts: { at: number; amount: number; windowAfter: number }[] = [];
  const push = internals.push.bind(sftp);
  internals.push = (data) => {
    if (data) arrivals.push({ at: performance.now(), bytes: data.byteLength });
    return push(data);
  };
  const protocol = internals._protocol;
  const adjust = protocol.channelWindowAdjust.bind(protocol);
  protocol.channelWindowAdjust = (id, amount) => {
    adjusts.push({ at: performance.now(), amount, windowAfter: internals.incoming.window });
    adjust(id, amount);
  };
  const reads: number[] = [];
  const read = sftp.read.bind(sftp);
  (sftp as { read: unknown }).read = (...args: Parameters<SFTPWrapper['read']>) => {
    reads.push(performance.now());
    return read(...args);
  };
  const started = performance.now();
  const opened = await openDownload(sftp, remote);
  if (opened.kind !== 'file') throw new Error('not a file');
  let bytes = 0;
  for await (const chunk of opened.stream) bytes += (chunk as Buffer).byteLength;
  const ms = performance.now() - started;
  protocol.channelWindowAdjust = adjust;
  if (process.env.PROBE_TIMELINE) {
    // One line per burst (data separated by a silence over 50 ms): when, how much, the adjusts sent in it.
    const events = [
      ...arrivals.map((a) => ({ at: a.at, data: a.bytes, adjust: 0, read: 0 })),
      ...adjusts.map((a) => ({ at: a.at, data: 0, adjust: a.amount, read: 0 })),
      ...reads.map((at) => ({ at, data: 0, adjust: 0, read: 1 })),
    ].sort((a, b) => a.at - b.at);
    let burst = { from: 0, to: 0, data: 0, adjusts: [] as number[], reads: 0 };
    const flush = () => console.log(`  ${(burst.from - started).toFixed(0).padStart(6)}–${(burst.to - started).toFixed(0).padStart(6)} ms: ${(burst.data / 1024).toFixed(0)} KiB in, ${burst.reads} reads out, adjusts ${burst.adjusts.map((a) => `+${(a / 1024).toFixed(0)} KiB`).join(' ') || 'none'}`);
    for (const e of events) {
      if (burst.to && e.at - burst.to > 50) {
        flush();
        burst = { from: e.at, to: e.at, data: 0, adjusts: [], reads: 0 };
      }
      if (!burst.from) burst.from = e.at;
      burst.to = e.at;
      burst.data += e.data;
      burst.reads += e.read;
      if (e.adjust) burst.adjusts.push(e.adjust);
    }
    flush();
  }
  // Bytes per round trip, from the first data on.
  const first = arrivals[0]!.at;
  const perRtt = new Map<number, number>();
  for (const { at, bytes: b } of arrivals) perRtt.set(Math.floor((at - first) / RTT_MS), (perRtt.get(Math.floor((at - first) / RTT_MS)) ?? 0) + b);
  const rtts = [...perRtt.values()].map((b) => b / 1024 / 1024);
  const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i]!.at).filter((g) => g > 50);
  const intervals = adjusts.slice(1).map((a, i) => a.at - adjusts[i]!.at);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  console.log(
    `${label}: ${bytes / 1024 / 1024} MiB in ${(ms / 1000).toFixed(1)} s = ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s; ` +
      `MiB per ${RTT_MS} ms: median ${rtts.sort((a, b) => a - b)[Math.floor(rtts.length / 2)]!.toFixed(2)}, max ${Math.max(...rtts).toFixed(2)}; ` +
      `${adjusts.length} window adjusts (mean ${(mean(adjusts.map((a) => a.amount)) / 1024).toFixed(0)} KiB, every ${mean(intervals).toFixed(0)} ms, ` +
      `window after it: min ${(Math.min(...adjusts.map((a) => a.windowAfter)) / 1024).toFixed(0)} KiB); ` +
      `${gaps.length} silences over 50 ms (total ${(gaps.reduce((s, g) => s + g, 0) / 1000).toFixed(1)} s)`,
  );
}

const sshd = await startSshd();
const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: RTT_MS / 2, downMs: RTT_MS / 2 });
const remote = `/tmp/longhaul-sftp-window-${process.pid}.bin`;
try {
  await exitOf('ssh', ['-F', sshd.sshConfigPath, '-o', `UserKnownHostsFile=/dev/null`, '-o', 'StrictHostKeyChecking=no', 'de1', `head -c ${MIB}M /dev/urandom > ${remote}`]);
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port: proxy.port, username: sshd.user, privateKey: fs.readFileSync(sshd.userKeyPath) });
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, s) => (error ? reject(error) : resolve(s))));
  await probe(sftp, remote, 'ssh2 as it is');
  sftp.end();
  const widened = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, s) => (error ? reject(error) : resolve(s))));
  if (!widenReceiveWindow(widened)) throw new Error('this ssh2 no longer has what widenReceiveWindow uses');
  await probe(widened, remote, `window widened by ${SFTP_EXTRA_RECEIVE_WINDOW_BYTES / 1024 / 1024} MiB`);
  widened.end();
  client.end();
  // OpenSSH's own client on the same path: its window adjusts, from its debug2 lines ("window N sent adjust M").
  const batch = `${remote}.batch`;
  fs.writeFileSync(batch, `get ${remote} /dev/null\n`);
  const log = `${remote}.log`;
  const sftpStarted = performance.now();
  await exitOf('sh', ['-c', `sftp -vv -F ${sshd.sshConfigPath} -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o Port=${proxy.port} -b ${batch} de1 2> ${log}`]);
  const sftpMs = performance.now() - sftpStarted;
  const sent = [...fs.readFileSync(log, 'utf8').matchAll(/window (\d+) sent adjust (\d+)/g)].map((m) => ({ window: Number(m[1]), amount: Number(m[2]) }));
  console.log(
    `OpenSSH sftp: ${MIB} MiB in ${(sftpMs / 1000).toFixed(1)} s (login included) = ${(MIB / (sftpMs / 1000)).toFixed(1)} MiB/s; ${sent.length} window adjusts ` +
      `(mean ${(sent.reduce((t, a) => t + a.amount, 0) / Math.max(1, sent.length) / 1024).toFixed(0)} KiB, window as it adjusts: min ${(Math.min(...sent.map((a) => a.window)) / 1024).toFixed(0)} KiB)`,
  );
  fs.rmSync(batch);
  fs.rmSync(log);
} finally {
  await proxy.close();
  await sshd.stop();
}
