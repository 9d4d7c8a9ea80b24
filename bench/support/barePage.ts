// A page in Debian's Chromium driven over the DevTools protocol alone (Runtime, Input, Page, Emulation, Profiler), as a user's browser runs it:
// Playwright turns on the Network domain, and Chromium then copies every WebSocket frame to the driver — a third of a flood's rate here.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
  method: string;
}

/** One Chromium, spoken to over --remote-debugging-pipe (messages separated by NUL bytes). */
export class BareChromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, ((params: Record<string, unknown>) => void)[]>();
  private buffered = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly userDataDir: string,
  ) {
    const output = child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (text: string) => this.receive(text));
    child.once('exit', () => {
      for (const pending of this.pending.values()) pending.reject(new Error(`Chromium exited during ${pending.method}`));
      this.pending.clear();
    });
  }

  /** Launched as the end-to-end tests launch it (no GPU: WebGL, if any, in SwiftShader). */
  static async launch(): Promise<BareChromium> {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!fs.existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bench-chromium-'));
    const child = spawn(
      executablePath,
      [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, 'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const browser = new BareChromium(child, userDataDir);
    await browser.send('Browser.getVersion');
    return browser;
  }

  /** Sends a command to the browser, or to one page's session. */
  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Calls `listener` with each event named `method` (from any session). */
  on(method: string, listener: (params: Record<string, unknown>) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener]);
  }

  async version(): Promise<string> {
    const { product } = (await this.send('Browser.getVersion')) as { product: string };
    return product.replace(/^.*?\//, '');
  }

  /** A new page of `width`×`height` CSS pixels. */
  async newPage(viewport: { width: number; height: number }): Promise<BarePage> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new BarePage(this, sessionId);
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
    // tsx keeps function names with esbuild's `__name` helper, which functions sent to the page then call.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    return page;
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }

  private receive(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) !== -1) {
      const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      this.buffered = this.buffered.slice(end + 1);
      if (message.id === undefined) {
        const event = message as { method?: string; params?: Record<string, unknown> };
        for (const listener of this.listeners.get(event.method ?? '') ?? []) listener(event.params ?? {});
        continue;
      }
      const pending = this.pending.get(message.id);
      if (!pending) continue;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result ?? {});
    }
  }
}

/** Keys as `press` names them: a character, Enter, Backspace or Escape, after any of Control+, Alt+ and Shift+ (as Playwright names them). */
function keyEvent(name: string): Record<string, unknown> {
  const parts = name.split('+');
  const key = parts.pop()!;
  const bits: Record<string, number> = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };
  let modifiers = 0;
  for (const part of parts) {
    if (!(part in bits)) throw new Error(`no modifier named ${part} in ${name}`);
    modifiers |= bits[part]!;
  }
  const named: Record<string, Record<string, unknown>> = {
    Enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
    Backspace: { key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 },
    Escape: { key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 27 },
  };
  let event: Record<string, unknown>;
  if (named[key]) event = { ...named[key] };
  else if (key.length === 1) {
    const upper = key.toUpperCase();
    const code = /[a-z]/i.test(key) ? `Key${upper}` : /[0-9]/.test(key) ? `Digit${key}` : '';
    event = { key, code, windowsVirtualKeyCode: upper.charCodeAt(0), text: key };
  } else throw new Error(`no key named ${key}`);
  // With Control, Alt or Meta held a key types nothing; the page sees only the key and its modifiers.
  if (modifiers & 7) delete event.text;
  return { ...event, modifiers };
}

type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export class BarePage implements DrivenPage {
  constructor(
    private readonly browser: BareChromium,
    private readonly sessionId: string,
  ) {}

  send(method: string, params: object = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Runs before any script of every document this page loads. */
  async addInitScript<A>(script: PageFunction<A, unknown> | { content: string }, arg?: A): Promise<void> {
    const source = typeof script === 'function' ? `(${script.toString()})(${JSON.stringify(arg)})` : script.content;
    await this.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
    await this.waitForFunction(() => document.readyState === 'complete', undefined, { polling: 20, timeout: 30_000 });
  }

  /** Focuses the input in view whose label (or aria-label) says `label`, once the page shows it. */
  async focusLabelled(label: string, timeout = 30_000): Promise<void> {
    await this.waitForFunction(
      (wanted) => {
        const labelled = (input: HTMLInputElement) => input.labels?.[0]?.textContent?.includes(wanted) || input.getAttribute('aria-label') === wanted;
        // The one in view: other tabs keep theirs, hidden.
        const field = [...document.querySelectorAll('input')].find((input) => labelled(input) && input.getClientRects().length > 0);
        field?.focus();
        return field !== undefined && document.activeElement === field;
      },
      label,
      { polling: 50, timeout },
    );
  }

  /** Evaluates `fn(arg)` in the page (awaited if it returns a promise); the result comes back as JSON. */
  async evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.evaluateSource(`(${fn.toString()})(${JSON.stringify(arg)})`) as Promise<R>;
  }

  /** Runs a script's text in the page, as a <script> would (no CSP applies to the driver). */
  async runScript(source: string): Promise<void> {
    await this.evaluateSource(source);
  }

  /** Polls `fn(arg)` every `polling` ms until it returns something truthy, and returns that. */
  async waitForFunction<R, A = undefined>(fn: PageFunction<A, R>, arg: A, options: { polling: number; timeout: number }): Promise<NonNullable<R>> {
    const deadline = Date.now() + options.timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg).catch(() => undefined);
      if (value) return value as NonNullable<R>;
      if (Date.now() > deadline) throw new Error(`waited ${options.timeout} ms for ${fn.toString().slice(0, 120)}`);
      await new Promise((resolve) => setTimeout(resolve, options.polling));
    }
  }

  readonly keyboard = {
    /** Text as an input method commits it: one `input` event, which xterm.js passes on as typed. */
    type: async (text: string): Promise<void> => {
      await this.send('Input.insertText', { text });
    },
    press: async (name: string): Promise<void> => {
      const event = keyEvent(name);
      await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event });
      const { text: _text, ...up } = event;
      await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...up });
    },
  };

  private async evaluateSource(expression: string): Promise<unknown> {
    const reply = (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result?: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
    return reply.result?.value;
  }
}

/** What the benchmarks drive a page with: a BarePage, or Playwright's Page behind the same few methods. */
export interface DrivenPage {
  readonly keyboard: { type(text: string): Promise<void>; press(key: string): Promise<void> };
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  waitForFunction<R, A = undefined>(fn: PageFunction<A, R>, arg: A, options: { polling: number; timeout: number }): Promise<NonNullable<R>>;
}
