// Uploads from the page against /api/files called directly: the same file, the same host, at 0 and 250 ms round trip, in one run.
// The page's path is the user's: the Upload chooser of a tab whose shell reported its folder, XMLHttpRequest to the
// bridge, SFTP to the host. Run: npm run bench:files-page   (BENCH_FILE_MIB=100, BENCH_RUNS=2; BENCH_WRITE=0 prints only)
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDelayProxy, type DelayProxy } from '../server/net/delayProxy.js';
import { onTestHost } from '../test/support/onTestHost.js';
import { BareChromium, type BarePage } from './support/barePage.js';
import { addHostAlias, startBenchHost, startBenchLonghaul, type Longhaul } from './support/benchHost.js';
import { putFile } from './support/filesApi.js';
import { machineLine, maybeWriteSection } from './support/report.js';
import { fmtRate, median, MIB, mibPerSecond, ratio, table } from './support/stats.js';

const FILE_MIB = Number(process.env.BENCH_FILE_MIB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const HEADING = '## Files: uploads from the page against the API';
const env = (name: string, value: number) => (process.env[name] ? `${name}=${value} ` : '');
const COMMAND = `${env('BENCH_FILE_MIB', FILE_MIB)}${env('BENCH_RUNS', RUNS)}npm run bench:files-page`;
/** The round trips measured, each through its own Host alias (0 ms: straight to the sshd). */
const LINKS = [
  { rttMs: 0, alias: 'de1' },
  { rttMs: 250, alias: 'far' },
];

/** PUT the file to /api/files as a script would; ms until the bridge's 201. */
async function timeApiUpload(longhaul: Longhaul, target: string, remotePath: string, file: string): Promise<number> {
  const started = performance.now();
  await putFile(longhaul.url, { target, path: remotePath, overwrite: '1' }, fs.createReadStream(file), fs.statSync(file).size);
  return performance.now() - started;
}

/** A tab at `target` whose shell is in `folder` and has said so (OSC 7, as a shell integration does). */
async function openTabIn(page: BarePage, longhaul: Longhaul, target: string, folder: string): Promise<void> {
  await page.goto(longhaul.url);
  await page.focusLabelled('Connect to');
  await page.keyboard.type(target);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.longhaul.sessions()[0]?.state === 'ready', undefined, { polling: 50, timeout: 60_000 });
  await page.keyboard.type(`cd ${folder} && printf '\\033]7;file://%s%s\\007' "$(hostname)" "$PWD"`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((wanted) => (window.longhaul.feature('files') as { folder?: string } | undefined)?.folder === wanted, folder, {
    polling: 50,
    timeout: 30_000,
  });
}

/** Choose `file` in the tab's Upload chooser, as a user does; ms until the tab says where it went. */
async function timePageUpload(page: BarePage, file: string): Promise<number> {
  const { root } = (await page.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
  const { nodeId } = (await page.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'input[aria-label="Upload files"]' })) as { nodeId: number };
  const name = path.basename(file);
  const started = performance.now();
  await page.send('DOM.setFileInputFiles', { nodeId, files: [file] });
  const last = await page.waitForFunction(
    (wanted) => {
      const words = (window.longhaul.feature('files') as { last?: string; sending?: string } | undefined);
      return words?.sending === undefined && words?.last?.startsWith(wanted) ? words.last : undefined;
    },
    name,
    { polling: 20, timeout: 30 * 60_000 },
  );
  const ms = performance.now() - started;
  if (!last.includes(' uploaded to ')) throw new Error(`the page's upload failed: ${last}`);
  return ms;
}

async function main(): Promise<void> {
  const host = await startBenchHost();
  const proxies: DelayProxy[] = [];
  let browser: BareChromium | undefined;
  let longhaul: Longhaul | undefined;
  const remote = `/tmp/longhaul-bench-files-page-${process.pid}`;
  try {
    const far = await startDelayProxy({ target: { host: '127.0.0.1', port: host.sshd.port }, upMs: 125, downMs: 125 });
    proxies.push(far);
    addHostAlias(host, 'far', far.port);
    longhaul = await startBenchLonghaul(host);
    await onTestHost(host.sshd, `mkdir -p ${remote}`);
    const bytes = randomBytes(FILE_MIB * MIB);
    const file = path.join(host.work, `upload-${FILE_MIB}MiB.bin`);
    fs.writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    browser = await BareChromium.launch();
    const rows: string[][] = [];
    for (const { rttMs, alias } of LINKS) {
      const page = await browser.newPage({ width: 1000, height: 640 });
      const folder = `${remote}/${alias}`;
      await onTestHost(host.sshd, `mkdir -p ${folder}`);
      await openTabIn(page, longhaul, alias, folder);
      const api: number[] = [];
      const fromPage: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Interleaved, so a slow stretch of the machine falls on both.
        api.push(await timeApiUpload(longhaul, alias, `${folder}/api.bin`, file));
        await onTestHost(host.sshd, `rm -f ${folder}/${path.basename(file)}`);
        fromPage.push(await timePageUpload(page, file));
        console.log(`${rttMs} ms, run ${run + 1}: API ${(api.at(-1)! / 1000).toFixed(1)} s, page ${(fromPage.at(-1)! / 1000).toFixed(1)} s`);
      }
      const sums = (await onTestHost(host.sshd, `sha256sum ${folder}/api.bin ${folder}/${path.basename(file)}`)).stdout;
      const matching = sums.split('\n').filter((line) => line.startsWith(sha256)).length;
      if (matching !== 2) throw new Error(`the uploaded files differ from what was sent:\n${sums}`);
      const apiMs = median(api);
      const pageMs = median(fromPage);
      const rate = (ms: number) => `${fmtRate(mibPerSecond(FILE_MIB * MIB, ms))} (${(ms / 1000).toFixed(1)} s)`;
      rows.push([`${rttMs} ms`, rate(apiMs), rate(pageMs), ratio(apiMs, pageMs)]);
    }

    const body = `
\`${COMMAND}\`: one file of ${FILE_MIB} MiB of random bytes up to the test sshd, ${RUNS} times each way, interleaved
(medians): with \`PUT /api/files\` as a script sends it, and from the page as a user does — the file chosen in a tab's
Upload chooser (its shell had reported its folder with OSC 7), sent by the page's \`XMLHttpRequest\` to the bridge, then
SFTP to the host with 64 requests of 32 KiB in flight, as the API's. 250 ms is a delay proxy in front of the sshd. The
host's \`sha256sum\` of both files is checked against the file's. Rates are the file's size over the wall time, the
login already made; the ratio is the API's time over the page's (1.00: as fast).

${table(['round trip', 'API (`PUT /api/files`)', 'the page (Upload)', 'page / API'], rows)}

Goal: the page's upload within 0.9 of the API's.

${machineLine()}
`;
    maybeWriteSection(HEADING, body);
  } finally {
    await browser?.close();
    if (longhaul) await longhaul.process.stop();
    await onTestHost(host.sshd, `rm -rf ${remote}`).catch(() => undefined);
    for (const proxy of proxies) await proxy.close();
    await host.stop();
  }
}

await main();
