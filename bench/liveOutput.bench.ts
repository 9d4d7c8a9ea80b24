// What keeping live sessions' output costs the event loop per tick: one store transaction for one flood, for many
// sessions at a share each, and for a few interactive ones. Run: npm run bench:live-output (BENCH_RUNS=n, default 10)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../server/store/store.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const MIB = 1024 * 1024;
const BUFFER = 4 * MIB;
const CASES: { name: string; sessions: number; bytesEach: number }[] = [
  { name: 'one flood, 4 MiB', sessions: 1, bytesEach: 4 * MIB },
  { name: 'one flood, 1 MiB (the budget per tick)', sessions: 1, bytesEach: MIB },
  { name: '100 floods at a 10 KiB share each', sessions: 100, bytesEach: 10 * 1024 },
  { name: '10 interactive tabs, 200 B each', sessions: 10, bytesEach: 200 },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bench-live-output-'));
const store = openStore({ file: path.join(dir, 'longhaul.db') });
const line = Buffer.from(`${'x'.repeat(100)}\r\n`);
try {
  console.log('| case | median ms | max ms |\n| --- | --- | --- |');
  for (const { name, sessions, bytesEach } of CASES) {
    const piece = Buffer.concat(Array(Math.ceil(bytesEach / line.length)).fill(line)).subarray(0, bytesEach);
    const kept = new Map<number, number>();
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const snapshots = Array.from({ length: sessions }, (_, s) => {
        const offset = kept.get(s) ?? 0;
        kept.set(s, offset + bytesEach);
        // As a session's output buffer holds it: older pieces are dropped as it fills.
        return { liveSessionId: `${name}-${s}`, target: 'de1', startedAt: 1, keptFrom: Math.max(0, offset + bytesEach - BUFFER), output: { offset, bytes: piece } };
      });
      const started = performance.now();
      store.liveSessions.keep(snapshots, run);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[Math.floor(RUNS / 2)]!.toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`);
  }
} finally {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
