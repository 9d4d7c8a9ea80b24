// Editing host groups in real Chromium: make one of two aliases and a pattern, rename it, a refused empty name that keeps the members typed, delete it; the bridge agrees at each step.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Group } from '../../shared/groups.js';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { readableGroupError } from './membersField.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

// Aliases for the group to name and its pattern to match; nothing connects to them. `Host grp-db*` is a config group.
const MORE_CONFIG = ['grp-web1', 'grp-web2', 'grp-db1', 'grp-db2', 'grp-mail1'].map((alias) => `Host ${alias}\n  HostName 127.0.0.1\n`).join('') + 'Host grp-db*\n  User nobody\n';

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'group-editing', { moreConfig: MORE_CONFIG });
  page = opened.page;
});

afterAll(() => opened?.close());

/** Ask the bridge itself, as a script would: with the token, not the page's sign-in. */
async function api(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const token = new URL(opened.longhaul.url).searchParams.get('token')!;
  const response = await fetch(`${opened.longhaul.origin}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function savedGroups(): Promise<Group[]> {
  const answer = await api('GET', '/api/groups');
  expect(answer.status).toBe(200);
  return (answer.json as { groups: Group[] }).groups.filter((group) => group.source === 'saved');
}

const dialog = () => page.getByRole('dialog', { name: 'Host groups' });
const group = (name: string) => dialog().getByRole('listitem', { name, exact: true });
const ALL_HOSTS = '4 hosts: grp-web1, grp-web2, grp-db1, grp-db2';

describe('Editing host groups', () => {
  it('lists a wildcard Host line of the ssh config, read only', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('host groups');
    await page.keyboard.press('Enter');
    await expect.poll(() => group('grp-db*').innerText()).toContain('2 hosts: grp-db1, grp-db2');
    expect(await group('grp-db*').innerText()).toContain('change it in ~/.ssh/config');
    expect(await group('grp-db*').getByRole('button').count()).toBe(0);
    expect(await dialog().getByRole('listitem').count()).toBe(1);
  });

  it('makes a group of two aliases and a pattern, and lists the hosts it stands for', async () => {
    await dialog().getByRole('button', { name: 'New group' }).click();
    await dialog().getByLabel('Group name').fill('web and db');
    await dialog().getByLabel('Members').fill('grp-web1, grp-web2\ngrp-db*');
    await dialog().getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => group('web and db').innerText().catch(() => '')).toContain(ALL_HOSTS);
    expect(await dialog().getByRole('status').innerText()).toBe(`Saved “web and db”: ${ALL_HOSTS}`);
    const [saved, ...others] = await savedGroups();
    expect(others).toEqual([]);
    expect(saved).toMatchObject({ name: 'web and db', members: ['grp-web1', 'grp-web2', 'grp-db*'] });
    expect(saved!.hosts.map((host) => host.target)).toEqual(['grp-web1', 'grp-web2', 'grp-db1', 'grp-db2']);
  });

  it('renames it from the keyboard', async () => {
    const before = (await savedGroups())[0]!;
    await group('web and db').getByRole('button', { name: 'Edit web and db' }).click();
    const name = dialog().getByLabel('Group name');
    await expect.poll(() => name.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await dialog().getByLabel('Members').inputValue()).toBe('grp-web1\ngrp-web2\ngrp-db*');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('frontends');
    await page.keyboard.press('Enter');

    await expect.poll(() => group('frontends').innerText().catch(() => '')).toContain(ALL_HOSTS);
    expect(await group('web and db').count()).toBe(0);
    // Focus comes back to the group it saved, so the keyboard carries on from there.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit frontends');
    const after = await savedGroups();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, name: 'frontends', members: before.members });
  });

  it('shows the bridge’s sentence for an empty name, and keeps the members typed', async () => {
    const refusal = await api('POST', '/api/groups', { name: '', members: [] });
    expect(refusal.status).toBe(400);
    const sentence = readableGroupError((refusal.json as { error: string }).error);
    expect(sentence).toMatch(/^Group name /);

    await group('frontends').getByRole('button', { name: 'Edit frontends' }).click();
    const typed = 'grp-web1\ngrp-web2\ngrp-db*\ngrp-mail1';
    await dialog().getByLabel('Members').fill(typed);
    await dialog().getByLabel('Group name').fill('');
    await dialog().getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => dialog().getByRole('alert').innerText().catch(() => '')).toBe(sentence);
    expect(await dialog().getByLabel('Members').inputValue()).toBe(typed);
    expect(await dialog().getByLabel('Group name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    expect((await savedGroups()).map((g) => [g.name, g.members])).toEqual([['frontends', ['grp-web1', 'grp-web2', 'grp-db*']]]);

    // Putting the name back saves what was typed, the fourth member with it.
    await dialog().getByLabel('Group name').fill('frontends');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => group('frontends').innerText().catch(() => '')).toContain(`5 hosts: grp-web1, grp-web2, grp-db1, grp-db2, grp-mail1`);
    expect((await savedGroups())[0]!.members).toEqual(['grp-web1', 'grp-web2', 'grp-db*', 'grp-mail1']);
  });

  it('deletes it only after asking', async () => {
    await group('frontends').getByRole('button', { name: 'Delete frontends' }).click();
    expect(await group('frontends').getByRole('alert').innerText()).toMatch(/^Delete the group “frontends”\?/);
    await page.keyboard.press('Escape');
    await expect.poll(() => group('frontends').getByRole('button', { name: 'Delete frontends' }).count()).toBe(1);
    expect(await savedGroups()).toHaveLength(1);

    await group('frontends').getByRole('button', { name: 'Delete frontends' }).click();
    await group('frontends').getByRole('button', { name: 'Delete group' }).click();
    await expect.poll(() => group('frontends').count()).toBe(0);
    expect(await dialog().getByRole('status').innerText()).toBe('Deleted the group “frontends”.');
    expect(await savedGroups()).toEqual([]);
    expect(await group('grp-db*').count()).toBe(1);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });
});
