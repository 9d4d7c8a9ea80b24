// Files in real Chromium: dropped on a tab or chosen with Upload (a folder with Upload folder), they land where the shell is (its OSC 7 folder); an existing file is replaced only when asked; Download… saves one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { onTestHost } from '../../test/support/onTestHost.js';
import { connect } from '../../test/support/page.js';
import type { FilesReport } from './filesFeature.js';

const sshd = inject('sshd');
const folder = `/tmp/longhaul-e2e-files-${process.pid}`;
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'files');
  page = opened.page;
  // The shell says where it is after each command, as fish and many prompts do (OSC 7).
  await page.keyboard.type(`mkdir -p ${folder} && cd ${folder} && PROMPT_COMMAND='printf "\\033]7;file://%s%s\\033\\\\" "$HOSTNAME" "$PWD"'`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((expected) => (window.longhaul.feature('files') as FilesReport).folder === expected, folder, { timeout: 20_000 });
});

afterAll(async () => {
  await opened?.close();
  await onTestHost(sshd, `rm -rf ${folder}`);
});

const report = () => page.evaluate(() => window.longhaul.feature('files') as FilesReport);

/** Drops files on the tab's terminal as a person dragging them from their desktop would. */
async function drop(files: Array<{ name: string; text: string }>): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, text } of list) transfer.items.add(new File([text], name, { type: 'text/plain' }));
    return transfer;
  }, files);
  await page.locator('.panel:not([hidden]) .terminal-frame').dispatchEvent('drop', { dataTransfer });
}

const onHost = async (name: string) => (await onTestHost(sshd, `cat ${folder}/${name}`)).stdout;

describe('files', () => {
  it('puts files dropped on a tab into the shell’s folder, which the shell then lists', async () => {
    await drop([
      { name: 'hello.txt', text: 'hello from the page\n' },
      { name: 'second.txt', text: 'two\n' },
    ]);
    await expect.poll(() => report().then((r) => r.last), { timeout: 20_000 }).toBe(`second.txt uploaded to ${folder}/second.txt`);
    expect(await onHost('hello.txt')).toBe('hello from the page\n');
    await page.keyboard.type('cat hello.txt second.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.longhaul.buffer().join('\n')), { timeout: 20_000 }).toContain('hello from the page\ntwo');
  });

  it('uploads files chosen with Upload, and asks before replacing one that is there', async () => {
    await page.getByLabel('Upload files').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('replaced\n') });
    const question = page.getByRole('dialog', { name: 'Replace the file on the host?' });
    await question.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => report().then((r) => r.last), { timeout: 20_000 }).toMatch(/^hello\.txt was not uploaded: .* exists on the host/);
    expect(await onHost('hello.txt')).toBe('hello from the page\n');
    await page.getByLabel('Upload files').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('replaced\n') });
    await question.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => report().then((r) => r.last), { timeout: 20_000 }).toBe(`hello.txt uploaded to ${folder}/hello.txt`);
    expect(await onHost('hello.txt')).toBe('replaced\n');
  });

  it('recreates a folder chosen with Upload folder under the shell’s folder, tree and bytes, and asks before replacing files in it (once for all, if so told)', async () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-tree-'));
    fs.mkdirSync(path.join(local, 'site/css/deep'), { recursive: true });
    fs.writeFileSync(path.join(local, 'site/index.html'), '<h1>hi</h1>\n');
    fs.writeFileSync(path.join(local, 'site/css/deep/main.css'), 'body { margin: 0 }\n');
    try {
      await page.getByLabel('Upload folder').setInputFiles(path.join(local, 'site'));
      await expect.poll(() => report().then((r) => r.queued === 0 && r.sending === undefined && r.last), { timeout: 20_000 }).toMatch(/ uploaded to /);
      // One notice for the folder, not one per file.
      await expect.poll(() => page.getByText(`site: 2 of 2 files uploaded to ${folder}.`).count()).toBe(1);
      expect(await page.getByText(`site/index.html uploaded to ${folder}/site/index.html.`).count()).toBe(0);
      const tree = await onTestHost(sshd, `cd ${folder} && find site | sort && stat -c '%a %n' site/index.html site/css/deep/main.css && cat site/index.html site/css/deep/main.css`);
      expect(tree.stdout).toBe(
        ['site', 'site/css', 'site/css/deep', 'site/css/deep/main.css', 'site/index.html', '644 site/index.html', '644 site/css/deep/main.css', '<h1>hi</h1>', 'body { margin: 0 }', ''].join('\n'),
      );
      // Again, with both files changed: the folders are used as they are, and the files are kept unless the user says
      // to replace them; one answer may do for all of them.
      fs.writeFileSync(path.join(local, 'site/index.html'), '<h1>changed</h1>\n');
      fs.writeFileSync(path.join(local, 'site/css/deep/main.css'), 'body { margin: 1em }\n');
      const question = page.getByRole('dialog', { name: 'Replace the file on the host?' });
      const idle = () => report().then((r) => r.queued === 0 && r.sending === undefined);
      await page.getByLabel('Upload folder').setInputFiles(path.join(local, 'site'));
      await question.getByRole('button', { name: 'Keep all' }).click();
      await expect.poll(idle, { timeout: 20_000 }).toBe(true);
      expect(await question.count()).toBe(0);
      expect((await report()).last).toMatch(/^site\/.* was not uploaded: .* exists on the host/);
      expect([await onHost('site/index.html'), await onHost('site/css/deep/main.css')]).toEqual(['<h1>hi</h1>\n', 'body { margin: 0 }\n']);
      await page.getByLabel('Upload folder').setInputFiles(path.join(local, 'site'));
      await question.getByRole('button', { name: 'Replace all' }).click();
      await expect.poll(idle, { timeout: 20_000 }).toBe(true);
      expect(await question.count()).toBe(0);
      expect([await onHost('site/index.html'), await onHost('site/css/deep/main.css')]).toEqual(['<h1>changed</h1>\n', 'body { margin: 1em }\n']);
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });

  it('recreates a folder dropped on a tab from the desktop (Chromium’s own drag of a real folder), tree and bytes', async () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-drop-'));
    fs.mkdirSync(path.join(local, 'dropped/inner'), { recursive: true });
    fs.writeFileSync(path.join(local, 'dropped/top.txt'), 'top\n');
    fs.writeFileSync(path.join(local, 'dropped/inner/nested.txt'), 'nested\n');
    try {
      const box = (await page.locator('.panel:not([hidden]) .terminal-frame').boundingBox())!;
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      // The browser's own drag, as from a file manager: the page sees the folder as a directory entry, not as a File.
      const cdp = await page.context().newCDPSession(page);
      const data = { items: [], files: [path.join(local, 'dropped')], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
      await cdp.detach();
      await expect.poll(() => page.getByText(`dropped: 2 of 2 files uploaded to ${folder}.`).count(), { timeout: 20_000 }).toBe(1);
      const tree = await onTestHost(sshd, `cd ${folder} && find dropped | sort && cat dropped/top.txt dropped/inner/nested.txt`);
      expect(tree.stdout).toBe(['dropped', 'dropped/inner', 'dropped/inner/nested.txt', 'dropped/top.txt', 'top', 'nested', ''].join('\n'));
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });

  it('refuses a name that cannot be a file name on the host, and says why', async () => {
    await drop([{ name: '..', text: 'x' }]);
    await expect.poll(() => page.getByText('Not uploaded: ".." is not a file name.').count()).toBe(1);
  });

  it('in a tab whose shell says nothing of its folder, uploads where tmux says the shell is (a durable tab), asking nothing', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'de1');
    await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
    await page.keyboard.type(`mkdir -p ${folder}/quiet && cd ${folder}/quiet && echo entered-$((40+2))`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.longhaul.buffer().some((line) => line.trim() === 'entered-42')), { timeout: 20_000 }).toBe(true);
    expect((await report()).folder).toBeUndefined();
    await drop([{ name: 'quiet.txt', text: 'no osc 7\n' }]);
    await expect.poll(() => report().then((r) => r.last), { timeout: 20_000 }).toBe(`quiet.txt uploaded to ${folder}/quiet/quiet.txt`);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await onHost('quiet/quiet.txt')).toBe('no osc 7\n');
    await page.keyboard.press('Alt+1');
  });

  it('downloads a file named from the shell’s folder', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('download');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Download from de1' });
    await dialog.getByLabel('File on host').fill('second.txt');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('second.txt');
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('two\n');
  });
});

describe('Download…', () => {
  it('completes the path with Tab from the host’s listing of the shell’s folder, showing the names when more than one fits', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('download');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Download from de1' });
    const field = dialog.getByLabel('File on host');
    const names = dialog.getByRole('status', { name: 'Names on the host' });
    await field.pressSequentially('s');
    await field.press('Tab');
    await expect.poll(() => names.getByRole('listitem').allTextContents()).toEqual(['second.txt', 'site/']);
    expect(await field.inputValue()).toBe('s');
    await field.pressSequentially('i');
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe('site/');
    await field.press('Tab');
    await expect.poll(() => names.getByRole('listitem').allTextContents()).toEqual(['css/', 'index.html']);
    await field.pressSequentially('in');
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe('site/index.html');
    await field.pressSequentially('x');
    await field.press('Tab');
    await expect.poll(() => names.textContent()).toBe('Nothing on the host starts with “site/index.htmlx”.');
    await field.press('Backspace');
    const downloading = page.waitForEvent('download');
    await field.press('Enter');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('index.html');
    let text = '';
    for await (const chunk of await download.createReadStream()) text += String(chunk);
    expect(text).toBe('<h1>changed</h1>\n');
  });
});

describe('Alt-click', () => {
  it('on a path printed in the terminal offers to download it, naming its full host path, and types nothing into the shell', async () => {
    const screenText = () => page.evaluate(() => window.longhaul.screen().lines);
    const screen = page.locator('.panel:not([hidden]) .xterm-screen');
    await screen.click(); // the keyboard back to the terminal, after Download…'s dialog
    // The shell says how wide the terminal is, so a cell's width can be measured from the drawn screen.
    await page.keyboard.type('clear; echo "cols=$(tput cols)"; echo "built ./site/css/deep/main.css."');
    await page.keyboard.press('Enter');
    await expect.poll(screenText, { timeout: 20_000 }).toContain('built ./site/css/deep/main.css.');
    const lines = await screenText();
    const cols = Number(lines.find((line) => line.startsWith('cols='))!.slice(5));
    const row = lines.indexOf('built ./site/css/deep/main.css.');
    const box = (await screen.boundingBox())!;
    const at = (column: number) => ({ x: (box.width / cols) * (column + 0.5), y: (box.height / lines.length) * (row + 0.5) });

    const downloads: string[] = [];
    const countDownload = (download: { suggestedFilename(): string }) => downloads.push(download.suggestedFilename());
    page.on('download', countDownload);
    // Half a command typed first: arrow keys from the clicks would move the shell's cursor into it and garble it.
    await page.keyboard.type('echo alt-');
    await screen.click({ position: at(lines[row]!.indexOf('deep')), modifiers: ['Alt'] });
    const question = page.getByRole('dialog', { name: 'Download from de1?' });
    expect(await question.locator('code').textContent()).toBe(`${folder}/site/css/deep/main.css`);
    const downloading = page.waitForEvent('download');
    await question.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('main.css');
    let text = '';
    for await (const chunk of await download.createReadStream()) text += String(chunk);
    expect(text).toBe('body { margin: 1em }\n');

    // Another, and Cancel: nothing is downloaded.
    await screen.click({ position: at(lines[row]!.indexOf('main')), modifiers: ['Alt'] });
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(await question.count()).toBe(0);
    // A word that names nothing there is said so, not offered.
    await screen.click({ position: at(lines[row]!.indexOf('built')), modifiers: ['Alt'] });
    await expect.poll(() => report().then((r) => r.last)).toBe(`There is no ${folder}/built on de1`);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Had the clicks reached xterm.js, they would have been arrow keys to bash, garbling this line.
    await page.keyboard.type('$((1+1))');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.longhaul.buffer().some((line) => line === 'alt-2')), { timeout: 20_000 }).toBe(true);
    page.off('download', countDownload);
    expect(downloads).toEqual(['main.css']);
  });
});
