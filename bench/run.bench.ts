// One command on many hosts at 250 ms round trip: longhaul's POST /api/run (cold, and on logged-in connections) side
// by side with OpenSSH's `ssh` in a sequential loop and under `xargs -P 16`, in the same run on the same hosts.
// Run: npm run bench:run   (BENCH_WRITE=0 prints the section instead of writing it into BENCHMARKS.md)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDelayProxy, type DelayProxy } from '../server/net/delayProxy.js';
import type { RunFinalLine } from '../shared/run.js';
import { startLonghaul, type LonghaulProcess } from '../test/support/longhaulProcess.js';
import { startSshd } from '../test/support/sshd.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { exitOf, timed } from './support/timedCommands.js';

const ONE_WAY_MS = 125;
const RTT_MS = 2 * ONE_WAY_MS;
const SIZES = [1, 10, 50];
const HOSTS = Math.max(...SIZES);



/** POST /api/run, read to the end; throws unless every target ran `hostname` with exit status 0. */
async function runOnLonghaul(longhaul: LonghaulProcess, targets: string[]): Promise<void> {
  const url = new URL(longhaul.url);
  const response = await fetch(`${url.origin}/api/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ targets, command: 'hostname' }),
  });
  const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as RunFinalLine);
  const finals = lines.filter((line) => !('stream' in line));
  const failed = finals.filter((line) => !('exitCode' in line) || line.exitCode !== 0);
  if (finals.length !== targets.length || failed.length) throw new Error(`run failed: ${JSON.stringify(failed.slice(0, 3))}`);
}

async function main(): Promise<void> {
  // 50 logins at once: sshd's default MaxStartups (10) would drop some of them, for ssh and longhaul alike.
  const sshd = await startSshd({ extraConfig: ['MaxStartups 200'] });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-run-bench-'));
  const proxies: DelayProxy[] = [];
  let longhaul: LonghaulProcess | undefined;
  try {
    // Each host its own address (a delay proxy of its own), as 50 machines would be: no login is shared.
    const [type, key] = sshd.hostPublicKey.split(/\s+/);
    const known = path.join(work, 'known_hosts');
    let config = '';
    let knownLines = '';
    const aliases: string[] = [];
    for (let i = 1; i <= HOSTS; i++) {
      const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
      proxies.push(proxy);
      const alias = `isu${String(i).padStart(2, '0')}`;
      aliases.push(alias);
      knownLines += `[127.0.0.1]:${proxy.port} ${type} ${key}\n`;
      config +=
        `Host ${alias}\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n` +
        `  UserKnownHostsFile ${known}\n  StrictHostKeyChecking yes\n  BatchMode yes\n  ControlMaster no\n`;
    }
    fs.writeFileSync(known, knownLines);
    const configPath = path.join(work, 'config');
    fs.writeFileSync(configPath, config);
    const ssh = (alias: string) => exitOf('ssh', ['-F', configPath, alias, 'hostname']);

    const startBridge = () =>
      startLonghaul(
        ['--data-dir', path.join(work, `data-${performance.now()}`), '--ssh-config', configPath, '--known-hosts', known, '--max-connects-per-minute', '10000'],
        { HOME: work },
        { fromSource: true },
      );

    const rows: string[][] = [];
    for (const size of SIZES) {
      const targets = aliases.slice(0, size);
      const sequential = await timed(async () => {
        for (const alias of targets) await ssh(alias);
      });
      const xargs = await timed(() => exitOf('sh', ['-c', `printf '%s\\n' ${targets.join(' ')} | xargs -P 16 -I{} ssh -F ${configPath} {} hostname >/dev/null`]));
      // Cold: a longhaul that has logged in nowhere. Then the same run again, on the logins the first one left.
      longhaul = await startBridge();
      const cold = await timed(() => runOnLonghaul(longhaul!, targets));
      const warm = await timed(() => runOnLonghaul(longhaul!, targets));
      await longhaul.stop();
      longhaul = undefined;
      const cell = (ms: number) => `${(ms / 1000).toFixed(2)} s (${(ms / RTT_MS).toFixed(1)})`;
      rows.push([String(size), cell(sequential), cell(xargs), cell(cold), cell(warm), (xargs / cold).toFixed(1), (xargs / warm).toFixed(1)]);
      console.log(rows.at(-1)!.join(' | '));
    }

    const table = [
      '| hosts | `ssh` in a loop | `xargs -P 16 ssh` | longhaul, cold | longhaul, logged in | xargs / cold | xargs / logged in |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
    maybeWriteSection(
      '## Run one command on many hosts',
      `\`npm run bench:run\`: \`hostname\` on 1, 10 and 50 hosts, each behind a delay proxy of its own adding ${RTT_MS} ms of
round trip (so no two share a login), all served by one test sshd (MaxStartups raised to 200, so that sshd does not
drop logins that arrive together). Wall time, and in brackets that time in round trips. OpenSSH's \`ssh\`
(BatchMode, no ControlMaster) runs once per host, one after another and then 16 at a time with \`xargs -P 16\`;
longhaul runs \`POST /api/run\` (parallelism 16, the default) on a longhaul that has logged in nowhere (cold), then
the same run again on the connections the first one left logged in.

Logged in, a command costs a channel and its exec request: about 2 round trips however many hosts, since targets
already logged in wait for no slot. Cold, at most 16 logins run at once, and a host gives its slot to the next as
soon as it is logged in (its command no longer holds one), where \`xargs -P 16\` holds each slot for a whole \`ssh\`.
A run leaves its connections logged in for a minute after its last command (unless a tab uses them longer), which
is what the "logged in" column uses.

${table}

One run each, in the same run of the bench. ${machineLine(', while other engineers\' builds and tests were running on the same machine')}`,
    );
  } finally {
    await longhaul?.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
