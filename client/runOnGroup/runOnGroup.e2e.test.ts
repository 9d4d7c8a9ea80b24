// Run on group in real Chromium: from the palette, a group of three hosts (one unreachable), the table, the odd one marked, and Stop.
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;
let closedPort: number;

beforeAll(async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  opened = await openDe1Page(sshd, 'run-on-group');
  page = opened.page;
  // The same sshd by its address (already trusted as de1), and a port nothing listens on.
  const members = ['de1', `${sshd.user}@127.0.0.1:${sshd.port}`, `nobody@127.0.0.1:${closedPort}`];
  const status = await page.evaluate(async (body) => {
    const response = await fetch('/api/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.status;
  }, { name: 'contest', members });
  expect(status).toBe(201);
});

afterAll(() => opened?.close());

const dialog = () => page.getByRole('dialog', { name: 'Run on group' });
const row = (target: string) => dialog().locator(`tr[data-target="${target}"]`);
const cell = (target: string, className: string) => row(target).locator(`.${className}`).innerText();

describe('Run on group', () => {
  it('runs on every host of the group from the palette, with the unreachable host’s sentence and the odd one marked', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('run on');
    await page.keyboard.press('Enter');
    await dialog().getByLabel('Group').selectOption({ label: 'contest (3 hosts)' });
    expect(await dialog().getByLabel('Hosts').inputValue()).toBe(`de1 ${sshd.user}@127.0.0.1:${sshd.port} nobody@127.0.0.1:${closedPort}`);
    await dialog().getByLabel('Command').fill('echo answer-$((6*7))');
    await dialog().getByRole('button', { name: 'Run' }).click();

    await expect.poll(() => dialog().getByRole('status').innerText(), { timeout: 20_000 }).toMatch(/^2 ran, 1 could not run/);
    expect(await cell('de1', 'run-state')).toBe('done');
    expect(await cell('de1', 'run-exit')).toBe('0');
    expect(await cell('de1', 'run-output')).toContain('answer-42');
    const unreachable = `nobody@127.0.0.1:${closedPort}`;
    expect(await cell(unreachable, 'run-state')).toBe('could not run');
    expect(await cell(unreachable, 'run-output')).toMatch(/refused the connection/);
    expect(await row(unreachable).getAttribute('class')).toContain('run-differs');
    expect(await row('de1').getAttribute('class')).not.toContain('run-differs');
  });

  it('Stop ends a command that is still running', async () => {
    await dialog().getByLabel('Hosts').fill('de1');
    await dialog().getByLabel('Command').fill('echo started; sleep 30');
    await dialog().getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => cell('de1', 'run-output'), { timeout: 20_000 }).toContain('started');
    expect(await cell('de1', 'run-state')).toBe('running');
    await dialog().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => cell('de1', 'run-state')).toBe('stopped');
    expect(await dialog().getByRole('status').innerText()).toMatch(/^Stopped\./);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });
});
