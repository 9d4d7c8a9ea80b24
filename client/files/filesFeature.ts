// A tab's files: drop files or folders on it (or choose them with Upload) to put them where its shell is, or download one (Download…, Alt-click); progress in its bar.
import type { TabContext, TabFeature } from '../tabFeatures/tabFeature.js';
import { DisposableStore, listen } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { titleFor } from '../commands/commandTable.js';
import { altClickPaths } from './altClickPaths.js';
import { askFolder, askReplace } from './askDialogs.js';
import { Downloads } from './downloads.js';
import { planTree, type Picked, type UploadStep } from './folderTree.js';
import { makeFolder } from './hostFolders.js';
import { droppedEntries, pickedFromChooser, readDropped } from './pickedTree.js';
import { hostQuery } from './onHost.js';
import { sendFile, TransferCancelled, type Sending } from './sendFile.js';
import { progressWords, shareDone } from './transferProgress.js';
import { fileNameProblem, folderOnHost, osc7Path, pathIn } from './workingDirectory.js';
import './files.css';

/** What `window.longhaul.feature('files')` reports: where uploads go, and what is being sent or waits. */
export interface FilesReport {
  folder: string | undefined;
  sending: string | undefined;
  queued: number;
  /** The last transfer's outcome, in words. */
  last: string | undefined;
}

export class FilesFeature implements TabFeature {
  readonly automation = { name: 'files', report: (): FilesReport => ({ folder: this.folder ?? this.answered, sending: this.current?.name, queued: this.queue.length, last: this.last }) };
  private readonly disposables = new DisposableStore();
  /** The shell's folder as it last reported it (OSC 7); '' is the home folder. */
  private folder: string | undefined;
  /** The folder the user gave when nothing said where the shell is (asked once per tab). */
  private answered: string | undefined;
  /** What is still to do, in order: folders to make, files to send. */
  private readonly queue: Array<UploadStep<File> & { batch: number }> = [];
  /** Each drop or choice is one batch: "Replace all" and "Keep all" answer for the rest of it. */
  private batches = 0;
  private readonly replaceAnswers = new Map<number, 'replace' | 'keep'>();
  /** How each batch is going, so a folder of many files ends with one notice rather than one per file. */
  private readonly batchCounts = new Map<number, { folder: string; files: number; uploaded: number; what?: string }>();
  private current: { name: string; sending: Sending } | undefined;
  private last: string | undefined;
  /** The queue is being worked through (a folder being made counts: no file is sending then, yet a second run must not start). */
  private working = false;
  private readonly status: HTMLElement;
  private readonly bar: HTMLElement;
  /** What is being sent (cut short first when the bar is narrow)… */
  private readonly words: HTMLElement;
  /** …and how far along it is, how fast, how long still to go (never cut). */
  private readonly figures: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private readonly chooser: HTMLInputElement;
  private readonly folderChooser: HTMLInputElement;
  private readonly downloads: Downloads;

  constructor(private readonly tab: TabContext) {
    this.chooser = el('input', { type: 'file', multiple: true, 'aria-label': 'Upload files', class: 'upload-chooser' });
    this.folderChooser = el('input', { type: 'file', webkitdirectory: true, 'aria-label': 'Upload folder', class: 'upload-chooser' });
    const upload = el('button', { type: 'button', class: 'upload-button', title: titleFor('files.upload', 'Upload files to where the shell is') }, 'Upload');
    const uploadFolder = el(
      'button',
      { type: 'button', class: 'upload-button', title: titleFor('files.uploadFolder', 'Upload a folder, and all it holds, to where the shell is') },
      'Upload folder',
    );
    this.words = el('span', { class: 'transfer-words' });
    this.figures = el('span', { class: 'transfer-figures' });
    this.bar = el('span', { class: 'transfer-bar', 'aria-hidden': 'true' });
    this.cancel = el('button', { type: 'button', class: 'transfer-cancel' }, 'Cancel');
    this.status = el('span', { class: 'transfer-status', role: 'status', hidden: true }, el('span', { class: 'transfer-track' }, this.bar), this.words, this.figures, this.cancel);
    tab.bar.append(this.status, upload, uploadFolder, this.chooser, this.folderChooser);
    this.disposables.add(listen(upload, 'click', () => this.chooseFiles()));
    this.disposables.add(listen(uploadFolder, 'click', () => this.chooseFolder()));
    this.disposables.add(
      listen(this.chooser, 'change', () => {
        void this.upload([...(this.chooser.files ?? [])]);
        this.chooser.value = '';
      }),
    );
    this.disposables.add(
      listen(this.folderChooser, 'change', () => {
        void this.uploadTree(pickedFromChooser([...(this.folderChooser.files ?? [])]));
        this.folderChooser.value = '';
      }),
    );
    this.disposables.add(listen(this.cancel, 'click', () => this.cancelAll()));
    // Files dragged over the terminal are for the host, not for the browser to open.
    this.disposables.add(
      listen(tab.frame, 'dragover', (event) => {
        if (!event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }),
    );
    this.disposables.add(
      listen(tab.frame, 'drop', (event) => {
        const transfer = event.dataTransfer;
        if (!transfer?.files.length) return;
        event.preventDefault();
        // A dropped folder shows in `files` as one empty file: only its entry can be read as a folder.
        const entries = droppedEntries(transfer);
        if (entries.some((entry) => entry?.isDirectory)) void this.uploadTree(readDropped(entries.filter((entry) => entry !== null)));
        else void this.upload([...transfer.files]);
      }),
    );
    const osc7 = tab.terminal.parser.registerOscHandler(7, (data) => {
      const folder = osc7Path(data);
      if (folder !== undefined) this.folder = folder;
      return false; // others may want it too
    });
    this.disposables.add(osc7);
    this.downloads = new Downloads({
      tab,
      shellFolder: async () => this.folder ?? (await this.folderFromHost()) ?? this.answered ?? '',
      dialogHost: () => this.dialogHost(),
      tell: (outcome) => {
        this.last = outcome;
        tab.flash(`${outcome}.`);
      },
    });
    this.disposables.add(altClickPaths(tab.terminal, tab.frame, (word) => void this.downloads.downloadPointed(word)));
  }

  chooseFiles(): void {
    this.chooser.click();
  }

  chooseFolder(): void {
    this.folderChooser.click();
  }

  /** Queue `files` for the shell's folder (asked once if the shell does not say); refused names say why. */
  async upload(files: File[]): Promise<void> {
    const usable = files.filter((file) => {
      const problem = fileNameProblem(file.name);
      if (problem) this.tab.flash(`Not uploaded: ${problem}.`);
      return !problem;
    });
    if (usable.length === 0) return;
    const folder = await this.whereTheShellIs();
    if (folder === undefined) return;
    const batch = this.newBatch(folder, usable.length);
    this.queue.push(...usable.map((file) => ({ kind: 'file' as const, path: pathIn(folder, file.name), name: file.name, file, batch })));
    if (!this.working) await this.sendNext();
  }

  /** Queue a picked folder tree to be recreated in the shell's folder: its folders made, then its files sent. */
  async uploadTree(picking: Promise<Picked<File>[]> | Picked<File>[]): Promise<void> {
    let picked: Picked<File>[];
    try {
      picked = await picking;
    } catch (error) {
      this.tab.flash(`Not uploaded: the browser could not read the folder (${(error as Error).message}).`);
      return;
    }
    if (picked.length === 0) return;
    const folder = await this.whereTheShellIs();
    if (folder === undefined) return;
    const { steps, refused } = planTree(folder, picked);
    if (refused.length) this.tab.flash(`Not uploaded: ${refused.join('; ')}.`);
    if (steps.length === 0) return;
    const tops = [...new Set(steps.map((step) => step.name.split('/')[0]!))];
    const batch = this.newBatch(folder, steps.filter((step) => step.kind === 'file').length, tops.join(', '));
    this.queue.push(...steps.map((step) => ({ ...step, batch })));
    if (!this.working) await this.sendNext();
  }

  /** Ask for a path (relative to the shell's folder, Tab completing it) and let the browser save it. */
  download(): Promise<void> {
    return this.downloads.download();
  }

  /**
   * The folder uploads go to: the one the shell last reported (OSC 7), else the one tmux says a durable shell's pane
   * is in, else the one the user gave (asked once, home proposed); undefined when the question was cancelled.
   */
  private async whereTheShellIs(): Promise<string | undefined> {
    if (this.folder !== undefined) return this.folder;
    const fromHost = await this.folderFromHost();
    if (fromHost !== undefined) return fromHost;
    if (this.answered !== undefined) return this.answered;
    const typed = await askFolder(this.dialogHost(), this.tab.target);
    if (typed === null) return undefined;
    return (this.answered = folderOnHost(typed));
  }

  /** A durable shell's folder, as the bridge reads it from tmux; undefined when it cannot say. */
  private async folderFromHost(): Promise<string | undefined> {
    const id = this.tab.sessionId;
    if (!id) return undefined;
    try {
      const response = await fetch(`/api/sessions/live/${encodeURIComponent(id)}/folder`);
      if (!response.ok) return undefined;
      const { folder } = (await response.json()) as { folder: unknown };
      return typeof folder === 'string' && folder.startsWith('/') ? folder : undefined;
    } catch {
      return undefined;
    }
  }

  private async sendNext(): Promise<void> {
    const next = this.queue.shift();
    this.working = next !== undefined;
    if (!next) {
      this.status.hidden = true;
      this.replaceAnswers.clear();
      this.batchCounts.clear();
      return;
    }
    if (next.kind === 'folder') {
      await this.makeNext(next.path, next.name);
      return this.sendNext();
    }
    const { file, path, name, batch } = next;
    let overwrite = false;
    let uploaded = false;
    for (;;) {
      const started = performance.now();
      const show = (sent: number) => {
        const progress = { sent, total: file.size, elapsedMs: performance.now() - started };
        this.bar.style.width = `${(shareDone(progress) * 100).toFixed(1)}%`;
        this.words.textContent = `Uploading ${name}${this.queue.length ? ` (${this.queue.length} more waiting)` : ''}:`;
        this.words.title = this.words.textContent; // whole, when the bar has to cut it short
        this.figures.textContent = progressWords(progress);
      };
      this.status.hidden = false;
      show(0);
      const sending = sendFile(hostQuery(this.tab, path), file, overwrite, show);
      this.current = { name, sending };
      try {
        const answer = await sending.done;
        if (answer.status === 409 && !overwrite && (await this.replaces(path, batch))) {
          overwrite = true;
          continue;
        }
        uploaded = answer.status === 201;
        if (uploaded) this.batchCounts.get(batch)!.uploaded++;
        this.last = answer.status === 201 ? `${name} uploaded to ${answer.body.path ?? path}` : `${name} was not uploaded: ${answer.body.error ?? `longhaul answered ${answer.status}`}`;
      } catch (error) {
        this.last = error instanceof TransferCancelled ? `${name}: upload cancelled` : `${name} was not uploaded: ${(error as Error).message}`;
      }
      break;
    }
    this.current = undefined;
    this.tellHowItWent(batch, uploaded);
    await this.sendNext();
  }

  /** `what` names a folder batch's top folders, for its closing notice. */
  private newBatch(folder: string, files: number, what?: string): number {
    const batch = ++this.batches;
    this.batchCounts.set(batch, { folder, files, uploaded: 0, what });
    return batch;
  }

  /** A notice for each file that did not go; for those that did, one at the end of their batch. */
  private tellHowItWent(batch: number, uploaded: boolean): void {
    const counts = this.batchCounts.get(batch)!;
    const more = this.queue.some((step) => step.batch === batch);
    if (!uploaded || counts.files === 1) this.tab.flash(`${this.last}.`);
    else if (!more) {
      const where = counts.folder === '' ? 'your home folder' : counts.folder;
      this.tab.flash(`${counts.what ? `${counts.what}: ` : ''}${counts.uploaded} of ${counts.files} files uploaded to ${where}.`);
    }
  }

  /** Whether to replace `path`: as answered for its whole batch, else asked (with "… all" while more of the batch waits). */
  private async replaces(path: string, batch: number): Promise<boolean> {
    const given = this.replaceAnswers.get(batch);
    if (given) return given === 'replace';
    const answer = await askReplace(this.dialogHost(), path, this.queue.some((step) => step.batch === batch && step.kind === 'file'));
    if (answer === 'replaceAll') this.replaceAnswers.set(batch, 'replace');
    if (answer === 'keepAll') this.replaceAnswers.set(batch, 'keep');
    return answer === 'replace' || answer === 'replaceAll';
  }

  /** Makes one folder of a tree; when it cannot be made, what was to go in it is dropped and the reason shown. */
  private async makeNext(path: string, name: string): Promise<void> {
    this.status.hidden = false;
    this.bar.style.width = '0%';
    this.words.textContent = `Making folder ${name}${this.queue.length ? ` (${this.queue.length} more waiting)` : ''}`;
    this.words.title = this.words.textContent;
    this.figures.textContent = '';
    const made = await makeFolder(this.tab, path);
    if (made.ok) return;
    const inside = `${path}/`;
    for (let index = this.queue.length - 1; index >= 0; index--) if (this.queue[index]!.path.startsWith(inside)) this.queue.splice(index, 1);
    this.last = `${name} was not uploaded: ${made.error}`;
    this.tab.flash(`${this.last}.`);
  }

  private cancelAll(): void {
    this.queue.length = 0;
    this.current?.sending.cancel();
  }

  /** Dialogs open over this tab, as its other questions do. */
  private dialogHost(): HTMLElement {
    return this.tab.frame.parentElement ?? document.body;
  }

  dispose(): void {
    this.cancelAll();
    this.disposables.dispose();
    this.status.remove();
    this.chooser.remove();
    this.folderChooser.remove();
  }
}
