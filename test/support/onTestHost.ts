// Runs a command on the test host with OpenSSH's own client, straight to its sshd: what is there, seen from outside longhaul.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { knownHostsLineFor, type SshdInfo } from './sshd.js';

/** Written once per process, whole (renamed into place): a file half-written by one test while another's ssh reads it would fail that ssh. */
let knownHostsFile: string | undefined;

function knownHostsFor(sshd: SshdInfo): string {
  if (knownHostsFile) return knownHostsFile;
  const file = path.join(sshd.dir, `direct_known_hosts-${process.pid}`);
  const partial = `${file}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(partial, `${knownHostsLineFor(sshd)}\n`);
  fs.renameSync(partial, file);
  return (knownHostsFile = file);
}

/** Its exit code (-1 if it did not run) and what it printed; never rejects, and gives up after 20 s. */
export function onTestHost(sshd: SshdInfo, command: string): Promise<{ code: number; stdout: string }> {
  const args = ['-F', sshd.sshConfigPath, '-o', `UserKnownHostsFile=${knownHostsFor(sshd)}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'de1', command];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: 20_000 }, (error, stdout) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }));
  });
}
