// Kept runs in Search all sessions, in real Chromium: a run made through POST /api/run is found by a word of its output and of its command, and choosing the hit shows that host's output.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunLine } from '../../shared/run.js';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'search-runs');
  page = opened.page;
});

afterAll(() => opened?.close());

/** Printed by arithmetic, so the command never holds the output's word, and no tab ever printed either. */
const COMMAND = 'echo "ran-$((7000+456))-here"';
const OUTPUT_WORD = 'ran-7456-here';

const search = () => page.getByRole('dialog', { name: 'Search all sessions' });
const results = () => search().getByRole('list', { name: 'Search results' }).getByRole('button');
const runDialog = () => page.getByRole('dialog', { name: 'Run on group' });

/** Run as a script would: the token as a bearer, the answer read to its end (the run is kept before it ends). */
async function runOnDe1(command: string): Promise<RunLine[]> {
  const token = new URL(opened.longhaul.url).searchParams.get('token')!;
  const response = await fetch(`${opened.longhaul.origin}/api/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ targets: ['de1'], command }),
  });
  expect(response.status).toBe(200);
  return (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as RunLine);
}

async function searchFor(text: string): Promise<void> {
  await search().getByRole('searchbox', { name: 'Search all sessions' }).fill(text);
}

describe('Search all sessions finds kept runs', () => {
  it('lists a run’s hit by its output and by its command, labelled as a run, and opens the run on its host’s output', async () => {
    expect((await runOnDe1(COMMAND)).at(-1)).toMatchObject({ target: 'de1', exitCode: 0, stdout: `${OUTPUT_WORD}\n` });

    await page.keyboard.press('Control+Shift+Alt+F');
    await searchFor('7000+456');
    await expect.poll(() => search().getByRole('status').innerText(), { timeout: 10_000 }).toBe('1 hit');
    const inCommand = results().and(page.locator('[data-state="run"]'));
    expect(await inCommand.innerText()).toMatch(/^Run on group: `echo "ran-\$\(\(7000\+456\)\)-here"` — ran just now\n/);

    await searchFor(OUTPUT_WORD);
    await expect.poll(() => results().and(page.locator('[data-state="run"][data-target="de1"]')).count(), { timeout: 10_000 }).toBe(1);
    expect(await results().count()).toBe(1);
    const hit = results().first();
    expect(await hit.innerText()).toMatch(/^Run on group: `echo "ran-\$\(\(7000\+456\)\)-here"` · de1 — ran just now\n/);
    expect(await hit.locator('mark').innerText()).toBe(OUTPUT_WORD);

    await hit.click();
    await expect.poll(() => search().count()).toBe(0);
    const row = runDialog().locator('tr[data-target="de1"]');
    await expect.poll(() => runDialog().getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/^Kept run of .+: 1 ran\.$/);
    expect(await row.locator('.run-output').innerText()).toContain(OUTPUT_WORD);
    expect(await row.locator('.run-state').innerText()).toBe('done');
    expect(await row.getByRole('button', { name: '▾' }).getAttribute('aria-expanded')).toBe('true');
    expect(await runDialog().getByLabel('Command').inputValue()).toBe(COMMAND);
    expect(await runDialog().getByLabel('Hosts').inputValue()).toBe('de1');
    await page.keyboard.press('Escape');
    await expect.poll(() => runDialog().count()).toBe(0);
  });
});
