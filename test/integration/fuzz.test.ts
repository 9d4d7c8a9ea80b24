// Hostile input at the WebSocket: 100,000 random, truncated, oversized and wrong-typed messages. The bridge
// answers errors, never crashes, stays bounded, and the other sessions (and the fuzzed one) keep working.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeFrame, FrameType } from '../../shared/frames.js';
import { parseClientMessage } from '../../shared/validate.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const MESSAGES = 100_000;
const TYPES = ['hello', 'open', 'attach', 'host-key-answer', 'prompt-answer', 'resize', 'ack', 'ping', 'nope', '', 'HELLO'];

/**
 * Messages that look like ours but are wrong somewhere. Never a valid `close`/`detach` (they would end the
 * session under test, which is not a fault) and never input that could be typed into the shell: every input
 * frame claims an offset far beyond what was written, which the bridge must refuse as a gap.
 */
const nearMiss = fc.oneof(
  fc.record({ type: fc.constantFrom(...TYPES) }, { requiredKeys: [] }).chain((base) =>
    fc.dictionary(fc.constantFrom('version', 'target', 'cols', 'rows', 'offset', 'id', 'trust', 'answers', 'sessionId', 'x'), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }).map((extra) => JSON.stringify({ ...base, ...extra })),
  ),
  fc.record({ type: fc.constant('resize'), cols: fc.integer({ min: -5, max: 2000 }), rows: fc.integer({ min: -5, max: 2000 }) }).map((m) => JSON.stringify(m)),
  fc.record({ type: fc.constant('ack'), offset: fc.oneof(fc.double(), fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER * 4)) }).map((m) => JSON.stringify(m)),
  fc.json().map((text) => text.slice(0, Math.max(0, text.length - 1))), // truncated
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 64 }), // random binary
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 32 })).map(([type, body]) => {
    const frame = new Uint8Array(9 + body.length);
    frame[0] = type === FrameType.Input ? FrameType.Output : type;
    frame.set(body, 9);
    return frame;
  }),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => encodeFrame(FrameType.Input, 2 ** 40, bytes)), // a gap: never written
);

describe('protocol fuzzing', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    const config = path.join(work, 'config');
    fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
    const known = path.join(work, 'known_hosts');
    fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
  });
  afterAll(() => bridge?.close());

  it(`survives ${MESSAGES.toLocaleString('en')} hostile messages, answering each with an error`, async () => {
    const bystander = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    bystander.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await bystander.next('ready');
    const target = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    target.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await target.next('ready');
    // The fuzzed tab's shell is dash, which has no line editor. Among the hostile messages are ~3,000 valid
    // resizes to sizes such as 8×451; bash 5.2's readline has aborted on the next keystroke after such a storm
    // (`free(): invalid pointer`, seen in CI) — a bug in bash, not in the bridge, so it is not what this test is about.
    // Typed once dash prompts: keys typed while bash hands the terminal over can sit unread in the tty's queue.
    target.type("exec env PS1='da''sh-ready> ' dash\r");
    await target.waitForOutput('dash-ready> ');
    target.type('echo dash-$((1+1))\r');
    await target.waitForOutput('dash-2');

    const samples = fc.sample(nearMiss, { numRuns: MESSAGES, seed: 20261121 });
    // A few oversized ones too: far above the control-message limit, below the socket's hard cap.
    for (let i = 0; i < 20; i++) samples[i * 5000] = JSON.stringify({ type: 'ping', id: i, pad: 'x'.repeat(200_000) });

    // A valid resize or ack is obeyed silently; every other message gets exactly one answer (an error, or a pong).
    const silent = (m: string | Uint8Array) => {
      if (typeof m !== 'string') return false;
      const parsed = parseClientMessage(m);
      return parsed.ok && (parsed.message.type === 'resize' || parsed.message.type === 'ack');
    };
    const expectedAnswers = samples.filter((m) => !silent(m)).length;
    const answers = () => target.messages.filter((m) => m.type === 'error' || m.type === 'pong').length;
    const answersBefore = answers();
    const messagesBefore = target.messages.length;
    const heapBefore = process.memoryUsage().heapUsed;
    let sent = 0;
    for (const message of samples) {
      target.sendRaw(message);
      sent++;
      // Respect the socket's buffer, as a real client would have to.
      if (sent % 2000 === 0) {
        while (target.socket.bufferedAmount > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(target.isClosed).toBe(false);
      }
    }
    // Counting all messages is O(1) per message; the answers are counted properly once that many arrived.
    await target.until(() => target.messages.length - messagesBefore >= expectedAnswers, 'answers to the hostile messages', 120_000);
    await expect.poll(() => answers() - answersBefore, { timeout: 10_000 }).toBe(expectedAnswers);
    expect(target.isClosed).toBe(false);

    // The fuzzed tab still obeys a valid resize (the storm's last one was 8×451).
    target.send({ type: 'resize', cols: 100, rows: 30 });
    target.type('echo size-$(stty size | tr " " x)\r');
    await target.waitForOutput('size-30x100');

    // Nothing typed into either shell, both still work.
    for (const tab of [target, bystander]) {
      tab.type('echo alive-$((40+2))\r');
      await tab.waitForOutput('alive-42');
    }
    expect(target.output).not.toMatch(/not found/); // what bash and dash say to a stray command
    const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    expect(heapGrowthMiB).toBeLessThan(256);
    target.close();
    bystander.close();
  }, 180_000);
});
