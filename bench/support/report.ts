// Writes one benchmark's section into BENCHMARKS.md, replacing only that section, and describes the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCHMARKS_FILE = path.resolve(import.meta.dirname, '../../BENCHMARKS.md');

/** Replace the section under `heading` (up to the next `## `), or append it; other sections stay as they are. */
export function writeSection(heading: string, body: string): void {
  const existing = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = existing.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const after = existing.slice(start + heading.length);
    const end = after.search(/\n## /);
    next = existing.slice(0, start) + section + (end === -1 ? '' : after.slice(end));
  }
  fs.writeFileSync(BENCHMARKS_FILE, `${next.trimEnd()}\n`);
}

/** "Measured … on <cpu> (n cores), Node.js …, Linux …, load average …" for the end of a section. */
export function machineLine(extra = ''): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'an unknown CPU';
  const load = os.loadavg()[0]!.toFixed(1);
  return (
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${os.cpus().length} cores), Node.js ${process.version}, ` +
    `${os.type()} ${os.release()}; 1-minute load average ${load} when it finished${extra}.`
  );
}

/** BENCH_WRITE=0 prints the section without touching BENCHMARKS.md (for trial runs). */
export function maybeWriteSection(heading: string, body: string): void {
  if (process.env.BENCH_WRITE === '0') {
    console.log(`\n(BENCH_WRITE=0: BENCHMARKS.md left as it is)\n${heading}\n\n${body.trim()}\n`);
    return;
  }
  writeSection(heading, body);
  console.log(`wrote the section "${heading.replace(/^## /, '')}" of ${path.relative(process.cwd(), BENCHMARKS_FILE)}`);
}
