// Where the machine's CPU goes while something runs: CPU time per kind of process (the page, the bridge, sshd…) from /proc, between two snapshots.
import fs from 'node:fs';
import os from 'node:os';
import { processStats } from './procStats.js';

/** Clock ticks a second for /proc's times (USER_HZ: 100 on every Linux the benchmarks run on). */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  kind: string;
  /** CPU time in clock ticks (see cpuSnapshot for whose children count). */
  ticks: number;
}

export interface CpuSnapshot {
  at: number;
  processes: Map<number, ProcessTimes>;
  /** Busy and total ticks of all CPUs, from /proc/stat. */
  busy: number;
  total: number;
}

export interface CpuUse {
  seconds: number;
  /** CPU seconds per kind of process, divided by the wall seconds: 1.0 is one core kept busy. */
  coresByKind: Record<string, number>;
  /** Share of all the machine's cores that were busy. */
  machineBusy: number;
}

const SHELL = 'the shell and the host command';

/** Names the benchmarks read: which part of the path a process is. `bridgePid` is longhaul's own process. */
function kindOf(pid: number, comm: string, bridgePid: number): string {
  if (pid === bridgePid) return 'longhaul (the bridge)';
  if (pid === process.pid) return 'the benchmark itself (driving the page)';
  if (comm === 'sshd') return 'sshd';
  if (/chrom/i.test(comm)) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return 'other';
    }
    if (cmdline.includes('--type=renderer')) return 'Chromium: the page (renderer)';
    if (cmdline.includes('--type=gpu-process')) return 'Chromium: GPU process (compositing)';
    if (cmdline.includes('--type=')) return 'Chromium: other helpers (network…)';
    return 'Chromium: browser process';
  }
  if (['bash', 'base64', 'head', 'seq', 'sh', 'dash'].includes(comm)) return SHELL;
  return 'other';
}

export function cpuSnapshot(bridgePid: number): CpuSnapshot {
  const processes = new Map<number, ProcessTimes>();
  for (const { pid, comm, fields } of processStats()) {
    const kind = kindOf(pid, comm, bridgePid);
    // A shell's finished children (the host command) count in the shell; no other process's do: a parent that reaps
    // a process which ran long before (Chromium's helpers of an earlier page) would count all of its time at once.
    const own = Number(fields[11]) + Number(fields[12]);
    const ticks = kind === SHELL ? own + Number(fields[13]) + Number(fields[14]) : own;
    processes.set(pid, { kind, ticks });
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const busy = total - cpu[3]! - cpu[4]!;
  return { at: performance.now(), processes, busy, total };
}

/** CPU used per kind of process between two snapshots (a process that started between them counts from zero). */
export function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const coresByKind: Record<string, number> = {};
  for (const [pid, now] of after.processes) {
    const then = before.processes.get(pid);
    const ticks = now.ticks - (then?.ticks ?? 0);
    if (ticks <= 0) continue;
    coresByKind[now.kind] = (coresByKind[now.kind] ?? 0) + ticks / TICKS_PER_SECOND / seconds;
  }
  const machineBusy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  return { seconds, coresByKind, machineBusy };
}

/** The cores on this machine, for "n of N cores". */
export const CORES = os.availableParallelism();
