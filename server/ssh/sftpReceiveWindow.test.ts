// The host may send an SFTP session more than ssh2's own window allows, all through a download, not only at its start.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type SFTPWrapper } from 'ssh2';
import { openDownload } from '../files/remoteFile.js';
import { startFakeSftpHost, type FakeSftpHost } from '../../test/support/fakeSftpHost.js';
import { SFTP_EXTRA_RECEIVE_WINDOW_BYTES, widenReceiveWindow } from './sftpReceiveWindow.js';

const { MAX_WINDOW } = createRequire(import.meta.url)('ssh2/lib/Channel.js') as { MAX_WINDOW: number };
const FILE_BYTES = 24 * 1024 * 1024;

let host: FakeSftpHost;
let client: Client;

beforeAll(async () => {
  host = await startFakeSftpHost({ files: { '/big.bin': FILE_BYTES } });
  client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port: host.port, username: 'files', hostVerifier: () => true });
  });
});

afterAll(async () => {
  client?.end();
  await host?.close();
});

const sftpSession = () => new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));

/** Downloads the whole file; the host's send window at each read it answered. */
async function windowsDuringDownload(sftp: SFTPWrapper): Promise<number[]> {
  host.windowsAtRead.length = 0;
  const opened = await openDownload(sftp, '/big.bin');
  if (opened.kind !== 'file') throw new Error('the fake host gave a folder');
  let bytes = 0;
  for await (const chunk of opened.stream) bytes += (chunk as Buffer).byteLength;
  expect(bytes).toBe(FILE_BYTES);
  return [...host.windowsAtRead];
}

describe('an SFTP session’s receive window', () => {
  it('is, left to ssh2, never more than its 2 MiB (what holds a download from far away to about 1 MiB per round trip)', async () => {
    const sftp = await sftpSession();
    const windows = await windowsDuringDownload(sftp);
    sftp.end();
    expect(Math.max(...windows)).toBeLessThanOrEqual(MAX_WINDOW);
  });

  it('stays wider than ssh2’s whole window from the first read to the last when widened, its top-ups carrying on', async () => {
    const sftp = await sftpSession();
    expect(widenReceiveWindow(sftp)).toBe(true);
    const windows = await windowsDuringDownload(sftp);
    sftp.end();
    // (Less the few small answers before the first read.)
    expect(windows[0]).toBeGreaterThan(MAX_WINDOW + SFTP_EXTRA_RECEIVE_WINDOW_BYTES - 1024);
    // 24 MiB is many times the extra: had it been spent once (ssh2 told of it), the window would end back under 2 MiB.
    expect(Math.min(...windows)).toBeGreaterThan(MAX_WINDOW);
  });

  it('is left alone on a session already ended', async () => {
    const sftp = await sftpSession();
    const closed = new Promise((resolve) => sftp.once('close', resolve));
    sftp.end();
    await closed;
    expect(widenReceiveWindow(sftp)).toBe(false);
  });
});
