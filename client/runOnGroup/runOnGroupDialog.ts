// "Run on group…": pick a group (or type hosts), run one command on all of them, and watch a table fill in; Stop ends it. Also shows a kept run.
import { GroupListSchema, type Group } from '../../shared/groups.js';
import { KeptRunSchema, type KeptRun } from '../../shared/run.js';
import { HttpClient, HttpError } from '../http/httpClient.js';
import { DisposableStore, listen } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { styledPieces } from './ansiText.js';
import { applyLine, markUnfinishedStopped, rowsDifferingFromMajority, startRows, type RunRow } from './runRows.js';
import { MAX_RUN_TARGETS, streamRun } from './runStream.js';
import './runOnGroup.css';

const STATE_WORDS: Record<RunRow['state'], string> = { running: 'running', exited: 'done', failed: 'could not run', stopped: 'stopped' };

let openDialog: RunOnGroupDialog | null = null;

/** Open the page's one run dialog (or bring it forward); `onClose` gives focus back to where it was. */
export function openRunOnGroup(onClose: () => void, http = new HttpClient()): void {
  if (openDialog) return openDialog.focus();
  openDialog = new RunOnGroupDialog(http, () => {
    openDialog = null;
    onClose();
  });
}

/**
 * Open the run dialog on a kept run (GET /api/runs/:id), as its table showed it when it ended, with `target`'s row
 * opened to all of its output; its command and hosts are in the fields, so it can be run again.
 */
export function openKeptRun(runId: string, target: string | undefined, onClose: () => void, http = new HttpClient()): void {
  openRunOnGroup(onClose, http);
  void openDialog?.showKept(runId, target);
}

class RunOnGroupDialog {
  private readonly disposables = new DisposableStore();
  private readonly backdrop: HTMLElement;
  private readonly groupSelect: HTMLSelectElement;
  private readonly hostsField: HTMLInputElement;
  private readonly commandField: HTMLInputElement;
  private readonly runButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private groups: Group[] = [];
  private rows = new Map<string, RunRow>();
  private readonly expanded = new Set<string>();
  private running: AbortController | null = null;
  private redrawQueued = false;

  constructor(
    private readonly http: HttpClient,
    private readonly onClose: () => void,
  ) {
    const ids = { group: uniqueId('run-group'), hosts: uniqueId('run-hosts'), command: uniqueId('run-command') };
    this.groupSelect = el('select', { id: ids.group }, el('option', { value: '' }, 'Loading groups…'));
    this.hostsField = el('input', { id: ids.hosts, type: 'text', spellcheck: 'false', placeholder: 'isu01 isu02 alice@10.0.0.5:2222' });
    this.commandField = el('input', { id: ids.command, type: 'text', spellcheck: 'false', placeholder: 'hostname' });
    this.runButton = el('button', { type: 'submit', class: 'button button-primary' }, 'Run');
    this.stopButton = el('button', { type: 'button', class: 'button', disabled: true }, 'Stop');
    const closeButton = el('button', { type: 'button', class: 'button' }, 'Close');
    this.status = el('p', { class: 'run-status', role: 'status' });
    this.body = el('tbody');
    const form = el(
      'form',
      { class: 'run-form' },
      el('label', { for: ids.group }, 'Group'),
      this.groupSelect,
      el('label', { for: ids.hosts }, 'Hosts'),
      this.hostsField,
      el('label', { for: ids.command }, 'Command'),
      this.commandField,
      el('div', { class: 'run-actions' }, this.runButton, this.stopButton, closeButton),
    );
    const table = el(
      'table',
      { class: 'run-table', 'aria-label': 'Results' },
      el('thead', {}, el('tr', {}, ...['Host', 'State', 'Exit', 'Time', 'Output'].map((h) => el('th', { scope: 'col' }, h)))),
      this.body,
    );
    const dialog = el('div', { class: 'modal run-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Run on group' }, el('h2', {}, 'Run on group'), form, this.status, el('div', { class: 'run-table-scroll' }, table));
    this.backdrop = el('div', { class: 'modal-backdrop run-backdrop' }, dialog);
    document.body.append(this.backdrop);

    this.disposables.add(listen(form, 'submit', (event) => {
      event.preventDefault();
      void this.run();
    }));
    this.disposables.add(listen(this.stopButton, 'click', () => this.stop()));
    this.disposables.add(listen(closeButton, 'click', () => this.close()));
    this.disposables.add(listen(this.groupSelect, 'change', () => this.useGroup()));
    this.disposables.add(
      listen(dialog, 'keydown', (event) => {
        // Keys typed here are the dialog's, not the page's shortcuts or the terminal's.
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          this.close();
        }
      }),
    );
    void this.loadGroups();
    this.commandField.focus();
  }

  focus(): void {
    this.commandField.focus();
  }

  async showKept(runId: string, target: string | undefined): Promise<void> {
    // A run going on is not swapped for a kept one under the person's eyes.
    if (this.running) return this.say('A run is going on; stop it to see the kept run.');
    this.say('Loading the kept run…');
    let run: KeptRun;
    try {
      run = await this.http.get(`/api/runs/${encodeURIComponent(runId)}`, KeptRunSchema, { cache: 'no-store' });
    } catch (error) {
      if (this.running || !this.backdrop.isConnected) return;
      return this.say(error instanceof HttpError && error.status === 404 ? 'That run is no longer kept: only the latest runs are.' : `Could not load the run: ${(error as Error).message}`);
    }
    if (this.running || !this.backdrop.isConnected) return;
    this.groupSelect.value = '';
    this.hostsField.value = run.targets.join(' ');
    this.commandField.value = run.command;
    this.rows = startRows(run.targets);
    for (const result of run.results) applyLine(this.rows, result);
    markUnfinishedStopped(this.rows);
    this.expanded.clear();
    if (target !== undefined) this.expanded.add(target);
    this.redraw();
    this.say(`Kept run of ${new Date(run.startedAt).toLocaleString()}${run.stopped ? ', stopped' : ''}: ${this.summary()}`);
    if (target !== undefined) this.body.querySelector(`tr[data-target="${CSS.escape(target)}"]`)?.scrollIntoView({ block: 'nearest' });
  }

  private async loadGroups(): Promise<void> {
    try {
      this.groups = (await this.http.get('/api/groups', GroupListSchema)).groups;
    } catch {
      this.status.textContent = 'Could not load the groups; type the hosts instead.';
    }
    this.groupSelect.replaceChildren(
      el('option', { value: '' }, this.groups.length ? 'Choose a group…' : 'No groups yet: type hosts'),
      ...this.groups.map((group) => el('option', { value: group.id }, `${group.name} (${group.hosts.length} hosts)`)),
    );
  }

  private useGroup(): void {
    const group = this.groups.find((g) => g.id === this.groupSelect.value);
    if (group) this.hostsField.value = group.hosts.map((h) => h.target).join(' ');
  }

  private async run(): Promise<void> {
    if (this.running) return;
    const targets = [...new Set(this.hostsField.value.split(/[\s,]+/).filter(Boolean))];
    // The group as chosen (hosts not edited since) runs as the group, so its saved sessions log in their own way.
    const group = this.groups.find((g) => g.id === this.groupSelect.value);
    const asGroup = group !== undefined && group.hosts.map((h) => h.target).join(' ') === targets.join(' ');
    const command = this.commandField.value.trim();
    if (!targets.length) return this.say('Choose a group or type the hosts to run on.');
    if (targets.length > MAX_RUN_TARGETS) return this.say(`A run takes at most ${MAX_RUN_TARGETS} hosts.`);
    if (!command) return this.say('Type the command to run.');
    this.rows = startRows(targets);
    this.expanded.clear();
    const controller = new AbortController();
    this.running = controller;
    this.setRunning(true);
    this.say(`Running on ${targets.length} host${targets.length === 1 ? '' : 's'}…`);
    this.redraw();
    try {
      await streamRun(asGroup ? { group: group.id, command } : { targets, command }, (line) => {
        applyLine(this.rows, line);
        this.queueRedraw();
      }, controller.signal);
      this.say(this.summary());
    } catch (error) {
      this.say(controller.signal.aborted ? `Stopped. ${this.summary()}` : (error as Error).message);
    } finally {
      markUnfinishedStopped(this.rows);
      this.running = null;
      const hadFocus = document.activeElement === this.stopButton || !this.backdrop.contains(document.activeElement);
      this.setRunning(false);
      this.redraw();
      // Stop, now disabled, would drop focus out of the dialog (and Escape with it): the next command goes here.
      if (hadFocus && this.backdrop.isConnected) this.commandField.focus();
    }
  }

  /** Closing the request stops every command on the hosts (TERM, then the channel is closed). */
  private stop(): void {
    this.running?.abort();
  }

  private summary(): string {
    const rows = [...this.rows.values()];
    const failed = rows.filter((r) => r.state === 'failed').length;
    const nonzero = rows.filter((r) => r.state === 'exited' && r.exitCode !== 0).length;
    const differing = rowsDifferingFromMajority(rows).size;
    return [
      `${rows.length - failed} ran`,
      failed ? `${failed} could not run` : '',
      nonzero ? `${nonzero} exited non-zero` : '',
      differing ? `${differing} differ from the rest` : '',
    ].filter(Boolean).join(', ') + '.';
  }

  private say(sentence: string): void {
    this.status.textContent = sentence;
  }

  private setRunning(running: boolean): void {
    this.runButton.disabled = running;
    this.stopButton.disabled = !running;
  }

  /** Output arrives in many small lines: the table is drawn at most once a frame. */
  private queueRedraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      this.redraw();
    });
  }

  private redraw(): void {
    const differing = rowsDifferingFromMajority(this.rows.values());
    this.body.replaceChildren(...[...this.rows.values()].map((row) => this.rowElement(row, differing.has(row.target))));
  }

  private rowElement(row: RunRow, differs: boolean): HTMLElement {
    const expanded = this.expanded.has(row.target);
    const toggle = el('button', { type: 'button', class: 'run-expand', 'aria-expanded': String(expanded), title: expanded ? 'Show less' : 'Show all of the output' }, expanded ? '▾' : '▸');
    toggle.addEventListener('click', () => {
      if (expanded) this.expanded.delete(row.target);
      else this.expanded.add(row.target);
      this.redraw();
    });
    const exit = row.state === 'exited' || row.state === 'stopped' ? (row.exitCode ?? (row.signal ? `SIG${row.signal}` : '—')) : '';
    const output = el(
      'td',
      { class: `run-output${expanded ? ' run-output-expanded' : ''}` },
      row.error ? el('div', { class: 'run-error' }, row.error) : null,
      row.stdout ? styled('run-stdout', row.stdout) : null,
      row.stderr ? styled('run-stderr', row.stderr) : null,
    );
    return el(
      'tr',
      { class: `run-row run-${row.state}${differs ? ' run-differs' : ''}`, 'data-target': row.target },
      el('th', { scope: 'row' }, toggle, ' ', row.target, differs ? el('span', { class: 'run-differs-mark', title: 'Differs from what most hosts answered' }, ' ≠') : null),
      el('td', { class: 'run-state' }, STATE_WORDS[row.state]),
      el('td', { class: 'run-exit' }, String(exit)),
      el('td', { class: 'run-time' }, row.durationMs === undefined ? '' : `${(row.durationMs / 1000).toFixed(2)} s`),
      output,
    );
  }

  close(): void {
    this.running?.abort();
    this.disposables.dispose();
    this.backdrop.remove();
    this.onClose();
  }
}

/** Output with its colours, as text (never HTML): what a host prints cannot become markup. */
function styled(className: string, text: string): HTMLElement {
  return el(
    'pre',
    { class: className },
    ...styledPieces(text).map((piece) =>
      piece.fg === undefined && !piece.bold ? piece.text : el('span', { class: [piece.fg !== undefined ? `ansi-fg-${piece.fg}` : '', piece.bold ? 'ansi-bold' : ''].join(' ').trim() }, piece.text),
    ),
  );
}
