// The "new tab" page: a Connect to field, saved sessions and ssh-config hosts, recently closed tabs, shells running on hosts, and history.
import { MAX_TARGET_LENGTH } from '../../shared/protocol.js';
import { targetProblem } from '../../shared/target.js';
import type { ClosedSessionSummary, LiveSessionSummary, SavedSession } from '../../shared/savedSessions.js';
import { HostShellsView } from '../hostShells/hostShellsView.js';
import type { SavedSessionsApi } from '../savedSessions/api.js';
import { HistoryView } from '../savedSessions/historyView.js';
import { SavedSessionsView } from '../savedSessions/savedSessionsView.js';
import { ageText, runningHeading } from '../tabs/runningSessions.js';
import { el } from '../util/dom.js';
import { signOutEverywhere } from './signOut.js';
import './launcher.css';

export interface LauncherEvents {
  connect(target: string): void;
  /** Open a tab from a saved session, with its look and defaults. */
  openSaved(saved: SavedSession): void;
  /** Reopen a closed session from history (scrollback, then a new shell). */
  reopenHistory(entry: ClosedSessionSummary): void;
  /** Attach to a shell longhaul runs that no window shows; `saved` is the saved session it came from, if known. */
  attachRunning(session: LiveSessionSummary, saved: SavedSession | undefined): void;
}

/**
 * One launcher serves every new tab: it moves into whichever new tab is showing, so the page never
 * holds two "Connect to" fields. Each tab keeps its own unfinished text (its draft).
 */
export class Launcher {
  private readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly saved: SavedSessionsView;
  private readonly history: HistoryView;
  private readonly hostShells: HostShellsView;
  private readonly error: HTMLElement;
  private readonly closed: HTMLElement;
  private readonly closedList: HTMLElement;
  private readonly running: HTMLElement;
  private readonly runningHeading: HTMLElement;
  private readonly runningList: HTMLElement;
  private runningShown: { sessions: readonly LiveSessionSummary[]; now: number } = { sessions: [], now: 0 };
  /** The saved sessions as last read, for the labels of running shells opened from one. */
  private savedSessions: SavedSession[] = [];

  constructor(
    private readonly events: LauncherEvents,
    private readonly api: SavedSessionsApi,
  ) {
    this.input = el('input', {
      id: 'connect-to',
      class: 'text-input launcher-input',
      type: 'text',
      placeholder: 'de1 or user@host:port',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'off',
      maxlength: String(MAX_TARGET_LENGTH),
      'aria-describedby': 'connect-hint connect-error',
    });
    const form = el(
      'form',
      { class: 'launcher-form', autocomplete: 'off' },
      el('label', { for: 'connect-to', class: 'launcher-label' }, 'Connect to'),
      this.input,
      el('p', { id: 'connect-hint', class: 'launcher-hint' }, 'A Host from your ~/.ssh/config, or user@host:port. Press Enter to connect.'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // the page never navigates (and its CSP forbids form actions)
      this.submit(this.input.value);
    });
    const box = el('div', { class: 'launcher-box' });
    this.element = el('div', { class: 'launcher' }, box);
    // Saved sessions and the ssh-config hosts not saved yet; history of ended sessions: what a new tab can open.
    this.saved = new SavedSessionsView(this.element, api, {
      openSaved: (saved) => events.openSaved(saved),
      openTarget: (target) => this.submit(target),
      changed: () => this.refresh(),
    });
    this.history = new HistoryView((entry) => events.reopenHistory(entry));
    // Tabs closed recently whose shells still run on the bridge: a slip of Alt+Shift+W costs nothing.
    this.closedList = el('ul', { class: 'launcher-closed-list' });
    this.closed = el('section', { class: 'launcher-closed', hidden: true, 'aria-label': 'Recently closed' }, el('p', { class: 'launcher-hosts-label' }, 'Recently closed — still running, reopen to continue'), this.closedList);
    // Shells still running that no window shows (their browser tab was closed): one click attaches.
    this.runningList = el('ul', { class: 'launcher-closed-list' });
    this.runningHeading = el('p', { class: 'launcher-hosts-label' });
    this.running = el('section', { class: 'launcher-closed launcher-running', hidden: true, 'aria-label': 'Running on longhaul' }, this.runningHeading, this.runningList);
    this.error = el('p', { id: 'connect-error', class: 'launcher-error', role: 'alert', hidden: true });
    // longhaul's shells on hosts it is logged in to that no window of this longhaul shows (another longhaul left them).
    this.hostShells = new HostShellsView(api, (session) => events.attachRunning(session, undefined), (sentence) => this.showError(sentence));
    box.append(form, this.error, this.running, this.hostShells.element, this.saved.element, this.closed, this.history.element, signOutEverywhere());
  }

  /** Say why something the user chose in the launcher did not happen. */
  showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  /** Read the saved sessions and the history again (each time the launcher is shown, and after edits). */
  refresh(): void {
    this.api.list().then(
      (list) => {
        this.saved.show(list);
        this.savedSessions = list.saved;
        this.renderRunning();
      },
      () => this.saved.show({ saved: [], unsaved: [] }),
    );
    this.api.history().then(
      (entries) => this.history.show(entries),
      () => this.history.show([]),
    );
    this.hostShells.refresh();
  }

  private submit(text: string): void {
    const target = text.trim();
    if (!target) {
      this.input.focus();
      return;
    }
    // The bridge would refuse it with the same sentence, in a tab that is dead on arrival: say it here instead.
    const problem = targetProblem(target);
    if (problem) {
      this.showError(problem);
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
      return;
    }
    this.input.removeAttribute('aria-invalid');
    this.events.connect(target);
  }

  /** List recently closed tabs; choosing one reopens it. */
  showRecentlyClosed(tabs: { sessionId: string; title: string; target: string; closedAt: number }[], reopen: (sessionId: string) => void, now = Date.now()): void {
    this.closedList.replaceChildren(
      ...tabs.map((tab) => {
        const minutes = Math.max(0, Math.round((now - tab.closedAt) / 60_000));
        const when = minutes === 0 ? 'just now' : `${minutes} min ago`;
        const button = el('button', { type: 'button', class: 'closed-tab' }, `${tab.title}`, el('span', { class: 'closed-tab-when' }, ` · ${tab.target} · closed ${when}`));
        button.addEventListener('click', () => reopen(tab.sessionId));
        return el('li', {}, button);
      }),
    );
    this.closed.hidden = tabs.length === 0;
  }

  /** List the shells longhaul runs that no window shows; choosing one attaches this tab to it. */
  showRunning(sessions: readonly LiveSessionSummary[], now = Date.now()): void {
    this.runningShown = { sessions, now };
    this.renderRunning();
  }

  private renderRunning(): void {
    const { sessions, now } = this.runningShown;
    this.runningHeading.textContent = runningHeading(sessions.length);
    this.runningList.replaceChildren(
      ...sessions.map((session) => {
        const saved = session.savedSessionId === undefined ? undefined : this.savedSessions.find((s) => s.id === session.savedSessionId);
        const label = saved ? (saved.label ?? saved.name) : session.target;
        const details = [saved ? session.target : '', session.lastLine ? `“${session.lastLine}”` : '', `running ${ageText(now - session.startedAt)}`].filter(Boolean);
        const button = el('button', { type: 'button', class: 'closed-tab' }, label, el('span', { class: 'closed-tab-when' }, ` · ${details.join(' · ')}`));
        button.addEventListener('click', () => this.events.attachRunning(session, saved));
        return el('li', {}, button);
      }),
    );
    this.running.hidden = sessions.length === 0;
  }

  /** Show the launcher in a tab's panel with that tab's draft. */
  mount(panel: HTMLElement, draft: string): void {
    panel.append(this.element);
    this.input.value = draft;
    this.error.hidden = true;
    this.input.removeAttribute('aria-invalid');
    this.refresh();
  }

  unmount(): void {
    this.saved.closeDialog();
    this.element.remove();
  }

  get draft(): string {
    return this.input.value;
  }

  focus(): void {
    this.input.focus();
  }
}
