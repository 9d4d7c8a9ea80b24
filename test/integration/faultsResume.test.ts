// Resume without loss: 50 MiB of output arrives byte-exact (the host's own sha256) through 20 WebSocket drops at random points, each resumed from the last offset.
import { createHash, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-resume-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// `base64 -w 76` turns every 57 input bytes into one 77-byte line, so the size of what `cat` prints is exact.
const LINES = 681_200;
const RANDOM_BYTES = 57 * LINES;
const PRINTED_BYTES = 77 * LINES; // 52,452,400 bytes: a little over 50 MiB
const DROPS = 20;

/** A small seeded generator, so a failing run's drop points can be told and replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let bridge: TestBridge;
beforeAll(async () => {
  const config = path.join(work, 'config');
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  // Product defaults (4 MiB buffer, 512 KiB high watermark): what a user's longhaul resumes with.
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});
afterAll(() => bridge?.close());

/** Fails the wait at once when the session ends instead of timing out later. */
function notClosed(tab: TabClient): void {
  const closed = tab.messages.find((m) => m.type === 'closed');
  if (closed) throw new Error(`the session ended: ${JSON.stringify(closed)}`);
}

describe('a WebSocket dropped again and again during a big transfer', () => {
  it(`delivers ${PRINTED_BYTES.toLocaleString('en')} bytes byte-exact through ${DROPS} drops at random points`, async () => {
    // LONGHAUL_FAULT_SEED replays a failed run's drop points (its seed is in every assertion message).
    const seed = process.env.LONGHAUL_FAULT_SEED ? Number(process.env.LONGHAUL_FAULT_SEED) : randomInt(2 ** 31);
    const random = mulberry32(seed);
    const context = [`seed ${seed}`];

    let tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    const { sessionId } = await tab.next('ready');
    tab.type('echo ready-$((20+1))\r');
    await tab.waitForOutput('ready-21');

    // The host writes the data to a file first, so the sha256 it prints is of exactly what `cat` sent. The
    // terminal must not touch the bytes on the way (`-opost`: no \n → \r\n), and the markers are computed by
    // the shell so the echoed command line cannot match them; '#' and '-' are not in base64's alphabet.
    const base = tab.outputLength;
    tab.type(
      `f=$(mktemp) && head -c ${RANDOM_BYTES} /dev/urandom | base64 -w 76 > "$f" && stty -echo -opost && ` +
        `printf '\\n#BEGIN-%s#\\n' $((6*7)) && cat "$f" && ` +
        `printf '#END-%s# %s %s\\n' $((6*7)) "$(sha256sum < "$f" | cut -d' ' -f1)" "$(wc -c < "$f")"; stty sane; rm -f "$f"\r`,
    );

    // One drop in each twentieth of the transfer, at a random point within it: spread from start to end.
    const dropAt = Array.from({ length: DROPS }, (_, i) => base + Math.floor(((i + random()) * PRINTED_BYTES) / DROPS));
    // Each client's bytes, cut exactly where the next one resumed.
    const pieces: Buffer[] = [];
    let start = 0;
    const resumedAt: number[] = [];
    for (const [i, point] of dropAt.entries()) {
      await tab.until(
        () => {
          notClosed(tab);
          return tab.outputLength >= point;
        },
        `output up to drop ${i} at ${point} (${context.join(', ')})`,
        120_000,
      );
      const resumeFrom = tab.outputLength;
      tab.socket.terminate(); // as a network failure: no close handshake, no detach
      pieces.push(tab.outputBytesReceived().subarray(0, resumeFrom - start));
      tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
      tab.send({ type: 'attach', sessionId, offset: resumeFrom, cols: 80, rows: 24 });
      expect(await tab.next('attached'), `drop ${i} (${context.join(', ')})`).toMatchObject({ sessionId, offset: resumeFrom, replay: false });
      resumedAt.push(resumeFrom);
      start = resumeFrom;
    }

    const endLine = /#END-42# ([0-9a-f]{64}) (\d+)\n/;
    const end = await tab.until(
      () => {
        notClosed(tab);
        return endLine.exec(tab.outputTail(4096).toString('latin1')) ?? undefined;
      },
      `the host's sha256 line (${context.join(', ')})`,
      180_000,
    );
    const [, hostSha256, hostSize] = end;
    pieces.push(tab.outputBytesReceived());
    tab.close();

    const received = Buffer.concat(pieces);
    const beginMarker = Buffer.from('\n#BEGIN-42#\n');
    const begin = received.indexOf(beginMarker);
    expect(begin, 'the begin marker').toBeGreaterThanOrEqual(0);
    const dataStart = begin + beginMarker.byteLength;
    const dataEnd = received.indexOf('#END-42# ', dataStart);
    const data = received.subarray(dataStart, dataEnd);
    context.push(`resumed at ${resumedAt.map((offset) => offset - dataStart).join(' ')} (bytes into the data)`);

    // Every drop landed inside the data, in its own twentieth of it.
    expect(resumedAt).toHaveLength(DROPS);
    resumedAt.forEach((offset, i) => {
      expect(offset - dataStart, `drop ${i}; ${context.join(', ')}`).toBeGreaterThan((i * PRINTED_BYTES) / DROPS - 1024);
      expect(offset - dataStart, `drop ${i}; ${context.join(', ')}`).toBeLessThan(((i + 1) * PRINTED_BYTES) / DROPS + 256 * 1024);
    });
    expect(Number(hostSize), context.join(', ')).toBe(PRINTED_BYTES);
    expect(data.byteLength, context.join(', ')).toBe(PRINTED_BYTES);
    expect(createHash('sha256').update(data).digest('hex'), context.join(', ')).toBe(hostSha256);
  }, 400_000);
});
