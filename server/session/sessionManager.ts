// Owns every live shell session of the bridge: opens them, and closes them all when longhaul stops.
import { connectTarget, type ConnectDeps, type ConnectUi } from './connectTarget.js';
import { HostProbe, type Clock } from './hostProbe.js';
import { ShellSession } from './shellSession.js';
import type { Watermarks } from './flowControl.js';

/** Every shell asks for this terminal type; xterm.js implements it. */
export const TERM = 'xterm-256color';

/**
 * The page's terminal always speaks UTF-8, so ask the host for a UTF-8 locale as `ssh` does with
 * `SendEnv LANG`: our own LANG when it is UTF-8, else C.UTF-8 (built into modern C libraries).
 */
export function shellLocale(lang = process.env.LANG): string {
  return lang && /utf-?8/i.test(lang) ? lang : 'C.UTF-8';
}

export class SessionManager {
  private readonly live = new Map<string, ShellSession>();

  constructor(
    private readonly connectDeps: ConnectDeps,
    private readonly watermarks?: Watermarks,
    private readonly clock?: Clock,
  ) {}

  async open(text: string, size: { cols: number; rows: number }, ui: ConnectUi): Promise<ShellSession> {
    const { connection, target, jumps } = await connectTarget(text, this.connectDeps, ui);
    ui.phase('opening-shell', target.label);
    let shell;
    try {
      shell = await connection.openShell({ ...size, term: TERM, env: { LANG: shellLocale() } });
    } catch (error) {
      connection.close();
      for (const jump of jumps) jump.close();
      throw error;
    }
    ui.mark('shell-open', target.label);
    const probe: HostProbe = new HostProbe(
      () => connection.ping(),
      { rtt: (ms) => session.reportHostRtt(ms), silence: (silentForMs) => session.reportHostSilence(silentForMs) },
      this.clock,
    );
    const session: ShellSession = new ShellSession(target, connection, shell, this.watermarks, () => {
      probe.dispose();
      this.live.delete(session.id);
      for (const jump of jumps) jump.close();
    });
    this.live.set(session.id, session);
    probe.start();
    return session;
  }

  get size(): number {
    return this.live.size;
  }

  closeAll(): void {
    for (const session of [...this.live.values()]) session.close();
  }
}
