// Files at 250 ms round trip: longhaul's PUT and GET /api/files side by side with OpenSSH's scp, same file, same host,
// same run; and the bridge's memory while a big file goes up (it must not hold the file).
// Run: npm run bench:files   (BENCH_FILE_MIB=64, BENCH_BIG_MIB=1024; BENCH_WRITE=0 prints the section instead of writing it)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { startLonghaul, type LonghaulProcess } from '../test/support/longhaulProcess.js';
import { startSshd } from '../test/support/sshd.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { exitOf, timed } from './support/timedCommands.js';

const ONE_WAY_MS = 125;
const RTT_MS = 2 * ONE_WAY_MS;
const FILE_MIB = Number(process.env.BENCH_FILE_MIB ?? 64);
const BIG_MIB = Number(process.env.BENCH_BIG_MIB ?? 1024);



function filesUrl(longhaul: LonghaulProcess, query: Record<string, string>): { url: string; token: string } {
  const url = new URL(longhaul.url);
  return { url: `${url.origin}/api/files?${new URLSearchParams(query)}`, token: url.searchParams.get('token')! };
}

/** PUT a stream to /api/files; resolves with the answer's body, rejects unless 201. */
function put(longhaul: LonghaulProcess, remotePath: string, body: Readable, bytes: number): Promise<string> {
  const { url, token } = filesUrl(longhaul, { target: 'far', path: remotePath, overwrite: '1' });
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve(text) : reject(new Error(`PUT answered ${response.statusCode}: ${text}`))));
    });
    request.once('error', reject);
    body.pipe(request);
  });
}

async function get(longhaul: LonghaulProcess, remotePath: string): Promise<number> {
  const { url, token } = filesUrl(longhaul, { target: 'far', path: remotePath });
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET answered ${response.status}: ${await response.text()}`);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
  return bytes;
}

/** The process's peak resident memory so far (VmHWM), in MiB. */
function peakRssMib(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/** `mib` MiB of zeros, made as they are read. */
function zeros(mib: number): Readable {
  let left = mib;
  const block = Buffer.alloc(1024 * 1024);
  return new Readable({
    read() {
      this.push(left-- > 0 ? block : null);
    },
  });
}

async function main(): Promise<void> {
  const sshd = await startSshd();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-files-bench-'));
  const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  let longhaul: LonghaulProcess | undefined;
  const remote = `/tmp/longhaul-files-bench-${process.pid}`;
  try {
    const [type, key] = sshd.hostPublicKey.split(/\s+/);
    const known = path.join(work, 'known_hosts');
    fs.writeFileSync(known, `[127.0.0.1]:${proxy.port} ${type} ${key}\n`);
    const configPath = path.join(work, 'config');
    fs.writeFileSync(
      configPath,
      `Host far\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n` +
        `  UserKnownHostsFile ${known}\n  StrictHostKeyChecking yes\n  BatchMode yes\n  ControlMaster no\n`,
    );
    const local = path.join(work, 'file.bin');
    fs.writeFileSync(local, randomBytes(FILE_MIB * 1024 * 1024));
    const back = path.join(work, 'back.bin');
    await exitOf('ssh', ['-F', configPath, 'far', `mkdir -p ${remote}`]);

    const scpUp = await timed(() => exitOf('scp', ['-q', '-F', configPath, local, `far:${remote}/scp.bin`]));
    const scpDown = await timed(() => exitOf('scp', ['-q', '-F', configPath, `far:${remote}/scp.bin`, back]));
    longhaul = await startLonghaul(['--data-dir', path.join(work, 'data'), '--ssh-config', configPath, '--known-hosts', known], { HOME: work }, { fromSource: true });
    const bytes = FILE_MIB * 1024 * 1024;
    // Cold: the PUT logs in first, as scp does. Then on the login it left.
    const coldUp = await timed(() => put(longhaul!, `${remote}/lh.bin`, fs.createReadStream(local), bytes));
    const warmUp = await timed(() => put(longhaul!, `${remote}/lh.bin`, fs.createReadStream(local), bytes));
    const warmDown = await timed(async () => {
      if ((await get(longhaul!, `${remote}/lh.bin`)) !== bytes) throw new Error('the download came back short');
    });
    const before = peakRssMib(longhaul.child.pid!);
    const bigUp = await timed(() => put(longhaul!, `${remote}/big.bin`, zeros(BIG_MIB), BIG_MIB * 1024 * 1024));
    const after = peakRssMib(longhaul.child.pid!);

    const rate = (ms: number, mib = FILE_MIB) => `${(mib / (ms / 1000)).toFixed(1)} MiB/s (${(ms / 1000).toFixed(1)} s)`;
    const rows = [
      ['upload', rate(scpUp), rate(coldUp), rate(warmUp), (scpUp / coldUp).toFixed(2), (scpUp / warmUp).toFixed(2)],
      ['download', rate(scpDown), '–', rate(warmDown), '–', (scpDown / warmDown).toFixed(2)],
    ];
    for (const row of rows) console.log(row.join(' | '));
    console.log(`big upload ${rate(bigUp, BIG_MIB)}; peak RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`);
    const table = [
      '| ' + `${FILE_MIB} MiB` + ' | `scp` | longhaul, logging in | longhaul, logged in | longhaul / scp, logging in | longhaul / scp, logged in |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
    maybeWriteSection(
      '## Files at 250 ms against scp',
      `\`npm run bench:files\`: one file of ${FILE_MIB} MiB of random bytes up to the test sshd and back, behind a delay proxy adding
${RTT_MS} ms of round trip, with OpenSSH's \`scp\` (its SFTP mode, each a fresh login) and with longhaul's \`PUT\`/\`GET
/api/files\` (SFTP with 64 requests of 32 KiB in flight, as OpenSSH's sftp keeps), in the same run. Rates are the file's
size over the wall time, login included where it says so; the ratio is scp's time over longhaul's (above 1: longhaul
is faster).

${table}

The bridge's memory while ${BIG_MIB} MiB went up in one \`PUT\` (${rate(bigUp, BIG_MIB)}): its peak resident size was
${before.toFixed(0)} MiB before and ${after.toFixed(0)} MiB after: the request is read only as fast as the host takes it.

Goal (≥ 1.0× scp at 250 ms): met for uploads, **not for downloads** (0.75 in the run of 2026-12-04). Reading with 128
requests in flight instead of 64, and letting the stream hold a whole window of reads, changed nothing, so the number of
requests is not what holds it. The first suspect, not yet measured: ssh2 gives each channel a 2 MiB receive window and
tops it up only once half is used, so the host can have about 1.5 MiB on the way per round trip where OpenSSH's client
keeps more.

One run. ${machineLine()}`,
    );
  } finally {
    await longhaul?.stop();
    await proxy.close();
    await sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
