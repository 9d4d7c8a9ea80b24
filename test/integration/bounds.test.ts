// The bounds that the bridge enforces, each refused with a sentence (or a close code) and the session going on: message sizes and terminal sizes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeFrame, FrameType, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';
import { MAX_BINARY_FRAME_BYTES, MAX_CONTROL_MESSAGE_BYTES, MAX_TERMINAL_DIMENSION } from '../../shared/protocol.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bounds-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let bridge: TestBridge;
beforeAll(async () => {
  const config = path.join(work, 'config');
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});
afterAll(() => bridge?.close());

async function openTab(cols = 80, rows = 24): Promise<{ tab: TabClient; sessionId: string }> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'de1', cols, rows });
  const { sessionId } = await tab.next('ready');
  return { tab, sessionId };
}

/** Runs a command whose answer the shell computes, so the echoed command line cannot match it. */
async function answer(tab: TabClient, command: string, marker: string): Promise<string> {
  const before = tab.output.length;
  tab.type(`${command}; echo ${marker}-$((1+1))\r`);
  await tab.waitForOutput(`${marker}-2\r\n`);
  return tab.output.slice(before);
}

describe('bounds on what a page may send', () => {
  it('refuses a control message over its limit with a sentence naming the limit', async () => {
    const { tab } = await openTab();
    tab.sendRaw(JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(MAX_CONTROL_MESSAGE_BYTES) }));
    expect(await tab.next('error')).toEqual({ type: 'error', code: 'too-large', message: `message is larger than ${MAX_CONTROL_MESSAGE_BYTES} bytes` });
    // Exactly at the limit is a message like any other: this valid prompt-answer is refused only because no prompt is open.
    const answers = Array.from({ length: 15 }, () => 'z'.repeat(4096));
    const fill = MAX_CONTROL_MESSAGE_BYTES - JSON.stringify({ type: 'prompt-answer', id: 99, answers: [...answers, ''] }).length;
    const atLimit = JSON.stringify({ type: 'prompt-answer', id: 99, answers: [...answers, 'z'.repeat(fill)] });
    expect(atLimit.length).toBe(MAX_CONTROL_MESSAGE_BYTES);
    tab.sendRaw(atLimit);
    expect(await tab.next('error')).toEqual({ type: 'error', code: 'unexpected', message: 'no prompt 99 is open' });
    expect(await answer(tab, 'true', 'after-big')).toContain('after-big-2');
    tab.close();
  });

  it('refuses a binary frame over its limit, and writes none of it', async () => {
    const { tab } = await openTab();
    // The shell must be past its start-up first: a Ctrl-C before then ends the shell itself (as over ssh).
    await answer(tab, 'true', 'shell-up');
    const before = tab.messages.filter((m) => m.type === 'input-ack').at(-1);
    const typedBefore = before?.type === 'input-ack' ? before.offset : 0;
    // The command says when it runs: bash hands the terminal to a job as it starts it, and a Ctrl-C typed before
    // that reaches bash (which ignores it) instead of `cat`, which then never ends.
    const line = "sh -c 'echo cat-rea''dy >&2; exec cat > /dev/null'\r";
    tab.type(line);
    const typed = typedBefore + Buffer.byteLength(line);
    await tab.until(() => tab.messages.some((m) => m.type === 'input-ack' && m.offset === typed), 'the typed line written');
    await tab.waitForOutput('cat-ready\r\n');
    const oversized = encodeFrame(FrameType.Input, 0, Buffer.alloc(MAX_FRAME_PAYLOAD_BYTES + 1, 0x61));
    expect(oversized.byteLength).toBe(MAX_BINARY_FRAME_BYTES + 1);
    tab.sendRaw(oversized);
    expect(await tab.next('error')).toEqual({ type: 'error', code: 'bad-message', message: `binary frame is larger than ${MAX_BINARY_FRAME_BYTES} bytes` });
    // Messages are handled in order, so an acknowledgement of the big frame would have come before the error.
    expect(tab.messages.filter((m) => m.type === 'input-ack').at(-1)).toEqual({ type: 'input-ack', offset: typed });
    tab.type('\x03');
    // Typing on before the shell is back at its prompt races the Ctrl-C: the terminal may hand it to `cat`.
    await tab.waitForOutput(/\^C[\s\S]*\$ $/);
    expect(await answer(tab, 'true', 'after-frame')).toContain('after-frame-2');
    tab.close();
  });

  it('closes a socket sent a message beyond the hard cap (1009), keeping its session to reattach', async () => {
    const { tab, sessionId } = await openTab();
    const closed = new Promise<number>((resolve) => tab.socket.once('close', (code) => resolve(code)));
    tab.sendRaw(new Uint8Array(MAX_BINARY_FRAME_BYTES * 4 + 1));
    expect(await closed).toBe(1009); // "message too big"
    const back = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    back.send({ type: 'attach', sessionId, offset: tab.outputLength, cols: 80, rows: 24 });
    expect(await back.next('attached')).toMatchObject({ sessionId, replay: false });
    expect(await answer(back, 'true', 'reattached')).toContain('reattached-2');
    back.close();
  });

  it(`takes terminal sizes from 1 to ${MAX_TERMINAL_DIMENSION} and refuses others, naming the field and the bound`, async () => {
    const { tab } = await openTab();
    const refusals: [object, RegExp][] = [
      [{ type: 'resize', cols: 0, rows: 24 }, /^resize\.cols: Expected integer to be greater or equal to 1$/],
      [{ type: 'resize', cols: 80, rows: MAX_TERMINAL_DIMENSION + 1 }, new RegExp(`^resize\\.rows: Expected integer to be less or equal to ${MAX_TERMINAL_DIMENSION}$`)],
      [{ type: 'resize', cols: 80.5, rows: 24 }, /^resize\.cols: Expected integer$/],
    ];
    for (const [message, expected] of refusals) {
      tab.sendRaw(JSON.stringify(message));
      const error = await tab.next('error');
      expect(error.code).toBe('bad-message');
      expect(error.message).toMatch(expected);
    }
    tab.send({ type: 'resize', cols: MAX_TERMINAL_DIMENSION, rows: MAX_TERMINAL_DIMENSION });
    expect(await answer(tab, 'stty size', 'size-max')).toContain(`${MAX_TERMINAL_DIMENSION} ${MAX_TERMINAL_DIMENSION}\r\n`);
    tab.send({ type: 'resize', cols: 1, rows: 1 });
    // At one column the shell wraps everything; only the size's digits are checked.
    const tiny = (await answer(tab, 'stty size | tr -d " "', 'size-min')).replace(/\s+/g, '');
    expect(tiny).toContain('11size-min-2');
    tab.close();

    // An open with a size out of range is refused before anything connects.
    const refused = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    const sessionsBefore = bridge.sessions.size;
    refused.sendRaw(JSON.stringify({ type: 'open', target: 'de1', cols: MAX_TERMINAL_DIMENSION + 1, rows: 24 }));
    expect((await refused.next('error')).message).toMatch(/^open\.cols: Expected integer to be less or equal to 1000$/);
    expect(refused.messages.some((m) => m.type === 'status')).toBe(false);
    expect(bridge.sessions.size).toBe(sessionsBefore);
    refused.close();
  });
});
