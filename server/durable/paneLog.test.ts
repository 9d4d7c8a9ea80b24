// The pane log's host-side commands run in a real sh here, as tmux's pipe-pane and an exec would run them on the host.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CHUNK_BYTES, LOG_CHUNKS, paneLogPipeCommand, paneLogReadCommand, parsePaneLogExtent, removePaneLogsCommand } from './paneLog.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-panelog-'));
const env = { ...process.env, TMPDIR: tmp };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Feeds `bytes` to the pipe's command as tmux would, and waits for it to end (its input closed, as when the pane ends). */
function pipe(session: string, generation: string, bytes: Buffer, keepFolder = true): void {
  // (With the folder kept: the command removes it when its input ends, as when the pane ends.)
  const command = keepFolder ? paneLogPipeCommand(session, generation).replace(/; cd \/ && rm -rf .*$/, '') : paneLogPipeCommand(session, generation);
  execFileSync('sh', ['-c', command], { input: bytes, env });
}

function read(session: string, generation: string, from: number | undefined): { extent: ReturnType<typeof parsePaneLogExtent>; bytes: Buffer; status: number | null } {
  const result = spawnSync('sh', ['-c', paneLogReadCommand(session, generation, from)], { env, maxBuffer: 64 * 1024 * 1024 });
  const newline = result.stdout.indexOf(0x0a);
  return { extent: parsePaneLogExtent(result.stdout.subarray(0, newline).toString('latin1')), bytes: result.stdout.subarray(newline + 1), status: result.status };
}

describe('the pane log on the host', () => {
  it('gives back any byte range the tab missed, across chunks, exactly', () => {
    const bytes = randomBytes(2 * LOG_CHUNK_BYTES + 12345);
    pipe('lh-a', 'a1', bytes);
    expect(read('lh-a', 'a1', undefined)).toMatchObject({ extent: { first: 0, end: bytes.byteLength }, bytes: Buffer.alloc(0), status: 0 });
    for (const from of [0, 1, LOG_CHUNK_BYTES - 1, LOG_CHUNK_BYTES, 2 * LOG_CHUNK_BYTES + 12000, bytes.byteLength]) {
      const got = read('lh-a', 'a1', from);
      expect(got.extent).toEqual({ first: 0, end: bytes.byteLength });
      expect(got.bytes.equals(bytes.subarray(from)), `from ${from}`).toBe(true);
    }
  });

  it('keeps only the newest chunks, and says so: a tab further behind gets no bytes from it', () => {
    const bytes = randomBytes((LOG_CHUNKS + 2) * LOG_CHUNK_BYTES + 10);
    pipe('lh-b', 'b1', bytes);
    const first = 3 * LOG_CHUNK_BYTES;
    expect(read('lh-b', 'b1', 0)).toMatchObject({ extent: { first, end: bytes.byteLength }, bytes: Buffer.alloc(0), status: 0 });
    expect(read('lh-b', 'b1', first + 5).bytes.equals(bytes.subarray(first + 5))).toBe(true);
    expect(fs.readdirSync(path.join(tmp, `longhaul-${process.getuid!()}`, 'lh-b', 'b1'))).toHaveLength(LOG_CHUNKS);
  });

  it('says there is none for a session without one, and is readable only by its owner', () => {
    expect(read('lh-none', 'c1', 0)).toMatchObject({ extent: null, status: 0 });
    const logs = path.join(tmp, `longhaul-${process.getuid!()}`);
    expect(fs.statSync(logs).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(logs, 'lh-a', 'a1', 'c00000000')).mode & 0o077).toBe(0);
  });

  it('is gone when the pane ends, and when the session is killed', () => {
    pipe('lh-d', 'd1', Buffer.from('bye\r\n'), false);
    expect(fs.existsSync(path.join(tmp, `longhaul-${process.getuid!()}`, 'lh-d'))).toBe(false);
    execFileSync('sh', ['-c', removePaneLogsCommand('lh-a')], { env });
    expect(fs.existsSync(path.join(tmp, `longhaul-${process.getuid!()}`, 'lh-a'))).toBe(false);
  });

  it('refuses a log folder that is not the user’s own (another user’s, or a link)', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-panelog-link-'));
    const linked = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-panelog-tmp-'));
    try {
      fs.symlinkSync(other, path.join(linked, `longhaul-${process.getuid!()}`));
      const result = spawnSync('sh', ['-c', paneLogPipeCommand('lh-e', 'e1')], { input: 'secret', env: { ...process.env, TMPDIR: linked } });
      expect(result.status).toBe(1);
      expect(fs.readdirSync(other)).toEqual([]);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
      fs.rmSync(linked, { recursive: true, force: true });
    }
  });
});
