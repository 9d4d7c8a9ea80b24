// Where a page's main thread spends a flood: a CDP CPU profile, its self time mapped through the bundle's source map
// to longhaul's own files and xterm.js, so a benchmark can say what besides xterm.js costs time in the page.
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source map segments per generated line: [column, source, line, name?], decoded from the Base64 VLQ `mappings`. */
function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const lineText of mappings.split(';')) {
    state[0] = 0;
    const segments: number[][] = [];
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segmentText) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      const segment: number[] = [];
      values.forEach((delta, i) => {
        state[i] = state[i]! + delta;
        segment.push(state[i]!);
      });
      segments.push(segment);
    }
    lines.push(segments);
  }
  return lines;
}

class SourceMap {
  private readonly lines: number[][][];
  private readonly sources: string[];
  private readonly names: string[];

  constructor(file: string) {
    const map = JSON.parse(fs.readFileSync(file, 'utf8')) as { mappings: string; sources: string[]; names: string[] };
    this.lines = decodeMappings(map.mappings);
    this.sources = map.sources;
    this.names = map.names;
  }

  /** The original file and name at a generated position (0-based line and column). */
  lookup(line: number, column: number): { source: string; line: number; name: string | undefined } | undefined {
    const segments = this.lines[line];
    if (!segments) return undefined;
    let best: number[] | undefined;
    for (const segment of segments) {
      if (segment[0]! > column) break;
      best = segment;
    }
    if (!best || best.length < 4) return undefined;
    return { source: this.sources[best[1]!]!, line: best[2]! + 1, name: best.length >= 5 ? this.names[best[4]!] : undefined };
  }
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by kind: xterm.js, longhaul's client code, other script, rendering and native work, idle, GC. */
  byKind: Record<string, number>;
  /** longhaul's own functions by self time, largest first. */
  longhaulFunctions: { name: string; ms: number }[];
  /** Every script function by self time (named as the profiler names them, with their kind), largest first. */
  allFunctions: { name: string; ms: number }[];
}

/** Whatever sends DevTools protocol commands to the page: a Playwright CDPSession or a BarePage. */
export interface ProtocolSender {
  send(method: 'Profiler.enable' | 'Profiler.setSamplingInterval' | 'Profiler.start' | 'Profiler.stop', params?: object): Promise<unknown>;
}

export async function startProfile(cdp: ProtocolSender): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
}

/** Stop profiling and sum self time; `distDir` holds the page's bundle and its .map files. */
export async function stopProfile(cdp: ProtocolSender, distDir: string): Promise<ProfileSummary> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const maps = new Map<string, SourceMap | undefined>();
  const mapFor = (url: string) => {
    const file = path.join(distDir, path.basename(new URL(url).pathname));
    if (!maps.has(file)) maps.set(file, fs.existsSync(`${file}.map`) ? new SourceMap(`${file}.map`) : undefined);
    return maps.get(file);
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byKind: Record<string, number> = {};
  const functions = new Map<string, number>();
  const all = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const frame = nodes.get(id)!.callFrame;
    totalMs += ms;
    let kind: string;
    if (frame.functionName === '(idle)') kind = 'idle';
    else if (frame.functionName === '(garbage collector)') kind = 'garbage collection';
    else if (frame.functionName === '(program)') kind = 'rendering and other native work';
    else {
      const original = frame.url.startsWith('http') ? mapFor(frame.url)?.lookup(frame.lineNumber, frame.columnNumber) : undefined;
      if (original?.source.includes('node_modules/@xterm/')) kind = 'xterm.js';
      else if (original && /(^|\/)client\//.test(original.source)) {
        kind = "longhaul's page code";
        const where = `${original.source.replace(/^.*?client\//, 'client/')}:${original.line}`;
        const name = original.name || frame.functionName || '(a function)';
        // Per function, not per line: the first line seen names it.
        const key = [...functions.keys()].find((k) => k.startsWith(`${name} (${where.replace(/:\d+$/, ':')}`)) ?? `${name} (${where})`;
        functions.set(key, (functions.get(key) ?? 0) + ms);
      } else kind = 'other script (browser APIs, WebSocket, timers)';
    }
    byKind[kind] = (byKind[kind] ?? 0) + ms;
    const anyName = `${frame.functionName || '(anonymous)'} [${kind}]`;
    all.set(anyName, (all.get(anyName) ?? 0) + ms);
  }
  const longhaulFunctions = [...functions.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  const allFunctions = [...all.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs, byKind, longhaulFunctions, allFunctions };
}
