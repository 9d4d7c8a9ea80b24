// Reads what Linux says about processes and sockets: resident memory, descendants, and TCP connections to a port.
import fs from 'node:fs';

/** VmRSS of a process in bytes (0 when it is gone). */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The command name (comm) of a process, or '' when it is gone. */
export function commOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface ProcessStat {
  pid: number;
  /** The command name, as in /proc/<pid>/stat. */
  comm: string;
  /** The fields after the command name, from field 3 (state) on: the parent's pid is [1], utime [11], stime [12]. */
  fields: string[];
}

/** /proc/<pid>/stat of every process there is (one that ends while being read is left out). */
export function processStats(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const end = stat.lastIndexOf(')');
    stats.push({ pid: Number(entry), comm: stat.slice(stat.indexOf('(') + 1, end), fields: stat.slice(end + 2).split(' ') });
  }
  return stats;
}

/** pids whose parent chain leads to `root`. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, fields } of processStats()) {
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

/** RSS of a process and every descendant, summed (shared pages counted once per process, as VmRSS does). */
export function treeRssBytes(root: number): { total: number; processes: number } {
  const pids = [root, ...descendantsOf(root)];
  return { total: pids.reduce((sum, pid) => sum + rssBytes(pid), 0), processes: pids.length };
}

/** Established TCP connections (IPv4, loopback included) whose remote end is `port`: e.g. SSH connections to the test sshd. */
export function establishedTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st …; state 01 is ESTABLISHED
      if (fields.length > 3 && fields[2]!.endsWith(`:${hex}`) && fields[3] === '01') count++;
    }
  }
  return count;
}

/** Time a process's main thread has spent on a CPU and waiting in the run queue for one, in ms, since it started. */
export function cpuAndWaitMs(pid: number): { runMs: number; waitMs: number } {
  const [run, wait] = fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { runMs: run! / 1e6, waitMs: wait! / 1e6 };
}

/**
 * Give each of these processes' scheduling groups the lowest CPU priority (autogroup nice 19). Linux shares the CPU
 * between login sessions first (autogroups: every SSH connection and every shell on a pty is one), so a plain `nice`
 * would change nothing between them. Processes started later in the same sessions (a shell's commands) inherit it.
 * Returns how many were set; a process that has gone meanwhile is skipped.
 */
export function lowestCpuPriority(pids: number[]): number {
  if (fs.readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') {
    throw new Error('this kernel does not group processes by session (sched_autogroup_enabled is not 1), so their priority cannot be lowered this way');
  }
  const groupOf = (pid: number | 'self') => fs.readFileSync(`/proc/${pid}/autogroup`, 'utf8').split(' ')[0];
  const ours = groupOf('self');
  let set = 0;
  for (const pid of pids) {
    try {
      // A process still in our own session would take the benchmark (and longhaul, started from it) down with it.
      if (groupOf(pid) === ours) continue;
      fs.writeFileSync(`/proc/${pid}/autogroup`, '19');
      set++;
    } catch {
      // Gone since it was listed.
    }
  }
  return set;
}
