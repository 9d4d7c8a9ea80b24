// What the page's main thread does over a stretch of time, from a Chromium trace: how much of it a task ran, how much of that on a CPU, and which tasks.
import type { BareChromium, BarePage } from './barePage.js';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** CPU time of the thread during the event, µs. */
  tdur?: number;
  args?: { name?: string };
}

export interface MainThreadUse {
  ms: number;
  /** Wall time inside tasks: the thread had something to run. */
  inTasksMs: number;
  /** CPU time inside tasks: it ran. The rest of `inTasksMs` it waited for a core (or blocked inside a task). */
  onCpuMs: number;
  /** CPU time by what the task was: timers (xterm.js parses output in them), frames, messages from other processes. */
  cpuByTask: Record<string, number>;
  /** Time with no task, by what ended the wait: what the thread was waiting for. */
  idleUntil: Record<string, number>;
}

/** The task kinds named in the report; anything else is "other tasks". */
const TASK_KINDS: Record<string, string> = {
  TimerFire: 'timers (xterm.js parsing output)',
  'ProxyMain::BeginMainFrame': 'frames (style, layout, paint)',
  'Receive mojo message': 'messages from other processes (the WebSocket)',
};

/** Traces the page's renderer for `ms` and sums its main thread's tasks. */
export async function traceMainThread(browser: BareChromium, page: BarePage, ms: number): Promise<MainThreadUse> {
  const events: TraceEvent[] = [];
  browser.on('Tracing.dataCollected', (params) => events.push(...(params.value as TraceEvent[])));
  const complete = new Promise((resolve) => browser.on('Tracing.tracingComplete', resolve));
  await page.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc'], enableThreadCpuTime: true },
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  await page.send('Tracing.end');
  await complete;

  const names = new Map<string, string>();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}/${event.tid}`, event.args?.name ?? '');
  const busiest = new Map<string, number>();
  for (const event of events) {
    const thread = `${event.pid}/${event.tid}`;
    if (names.get(thread) === 'CrRendererMain') busiest.set(thread, (busiest.get(thread) ?? 0) + 1);
  }
  const main = [...busiest.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const spans = events
    .filter((event) => `${event.pid}/${event.tid}` === main && event.ph === 'X' && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Tasks are the outermost spans; what they were is told by the first known span inside them.
  const use: MainThreadUse = { ms, inTasksMs: 0, onCpuMs: 0, cpuByTask: {}, idleUntil: {} };
  let task: TraceEvent | null = null;
  let kind = 'other tasks';
  /** The wait before the current task, µs. */
  let waited = 0;
  const close = () => {
    if (!task) return;
    use.inTasksMs += task.dur! / 1000;
    use.onCpuMs += (task.tdur ?? 0) / 1000;
    use.cpuByTask[kind] = (use.cpuByTask[kind] ?? 0) + (task.tdur ?? 0) / 1000;
    use.idleUntil[kind] = (use.idleUntil[kind] ?? 0) + waited / 1000;
  };
  for (const span of spans) {
    if (task && span.ts < task.ts + task.dur!) {
      if (kind === 'other tasks' && TASK_KINDS[span.name]) kind = TASK_KINDS[span.name]!;
      continue;
    }
    close();
    waited = task ? span.ts - (task.ts + task.dur!) : 0;
    task = span;
    kind = TASK_KINDS[span.name] ?? 'other tasks';
  }
  close();
  return use;
}
