// The launcher's "Running on de1: 2 shells" lists: longhaul's shells on a host that no tab shows (left by another longhaul), one click attaches.
import type { HostShell } from '../../shared/hostShells.js';
import type { LiveSessionSummary } from '../../shared/savedSessions.js';
import { ageText } from '../tabs/runningSessions.js';
import { el } from '../util/dom.js';

export interface HostShellsSource {
  hostShells(): Promise<HostShell[]>;
  takeHostShell(shell: Pick<HostShell, 'target' | 'sessionName'>): Promise<LiveSessionSummary>;
}

/** "Running on de1: 2 shells, no window shows them — click to attach". */
export function hostShellsHeading(target: string, count: number): string {
  return `Running on ${target}: ${count} ${count === 1 ? 'shell' : 'shells'}, no window shows ${count === 1 ? 'it' : 'them'} — click to attach`;
}

/** The shells grouped by host, hosts in the order first met, each host's most recently active first. */
export function byHost(shells: readonly HostShell[]): Array<{ target: string; shells: HostShell[] }> {
  const groups = new Map<string, HostShell[]>();
  for (const shell of shells) groups.set(shell.target, [...(groups.get(shell.target) ?? []), shell]);
  return [...groups].map(([target, list]) => ({ target, shells: list.sort((a, b) => b.activityAt - a.activityAt) }));
}

export class HostShellsView {
  readonly element: HTMLElement;

  constructor(
    private readonly source: HostShellsSource,
    /** A shell was taken: attach a tab to it. */
    private readonly attach: (session: LiveSessionSummary) => void,
    /** Taking it failed: the sentence to show. */
    private readonly failed: (sentence: string) => void,
  ) {
    this.element = el('div', { class: 'host-shells' });
  }

  /** Ask the bridge again (each time the launcher is shown); a failure shows nothing rather than a stale list. */
  refresh(now = Date.now): void {
    this.source.hostShells().then(
      (shells) => this.show(shells, now()),
      () => this.show([], now()),
    );
  }

  private show(shells: readonly HostShell[], now: number): void {
    this.element.replaceChildren(
      ...byHost(shells).map(({ target, shells: list }) => {
        const heading = hostShellsHeading(target, list.length);
        const items = list.map((shell) => {
          const details = [shell.lastLine ? `“${shell.lastLine}”` : '', `running ${ageText(now - shell.createdAt)}`].filter(Boolean);
          const button = el('button', { type: 'button', class: 'closed-tab' }, target, el('span', { class: 'closed-tab-when' }, ` · ${details.join(' · ')}`));
          button.addEventListener('click', () => {
            button.disabled = true;
            this.source.takeHostShell(shell).then(
              (session) => this.attach(session),
              (error: Error) => {
                button.disabled = false;
                this.failed(error.message);
              },
            );
          });
          return el('li', {}, button);
        });
        return el(
          'section',
          { class: 'launcher-closed launcher-running', 'aria-label': `Running on ${target}` },
          el('p', { class: 'launcher-hosts-label' }, heading),
          el('ul', { class: 'launcher-closed-list' }, ...items),
        );
      }),
    );
  }
}
