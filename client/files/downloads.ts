// Downloads from a tab's host: Download… (a typed path, Tab completing it from the host) and Alt-click on a printed path.
import type { TabContext } from '../tabFeatures/tabFeature.js';
import { el } from '../util/dom.js';
import { askDownload, askDownloadPointed, type CompletionAnswer } from './askDialogs.js';
import { listFolder, whatIsAt } from './hostFolders.js';
import { hostQuery } from './onHost.js';
import { complete, folderToList, splitTyped } from './pathCompletion.js';
import { hostPathOf } from './pathUnderPointer.js';
import { folderOnHost, pathIn } from './workingDirectory.js';

export interface DownloadsHost {
  readonly tab: TabContext;
  /** The shell's folder as best known now ('' is the home folder). */
  shellFolder(): Promise<string>;
  /** Where the questions open. */
  dialogHost(): HTMLElement;
  /** A download's outcome in words: kept for the feature's report and shown in the tab. */
  tell(outcome: string): void;
}

export class Downloads {
  constructor(private readonly host: DownloadsHost) {}

  private get tab(): TabContext {
    return this.host.tab;
  }

  /** Ask for a path (relative to the shell's folder, Tab completing it) and let the browser save it. */
  async download(): Promise<void> {
    const folder = await this.host.shellFolder();
    const typed = await askDownload(this.host.dialogHost(), this.tab.target, folder, (text) => this.completeOnHost(folder, text));
    if (typed === null) return;
    // An absolute path is the host's; `~/x` is in the home folder; anything else is in the shell's folder.
    const path = typed.startsWith('/') ? typed : typed.startsWith('~') ? folderOnHost(typed) : pathIn(folder, typed);
    if (await this.isThere(path)) this.save(path);
  }

  /** Alt-click on `word` in the terminal: once the user agrees to the full host path it names, the browser saves it. */
  async downloadPointed(word: string): Promise<void> {
    const folder = await this.host.shellFolder();
    const path = hostPathOf(word, folder);
    // SFTP's relative paths are in the home folder: say so, so the question and the answer name the whole path.
    const shown = path.startsWith('/') ? path : `~/${path}`;
    if (!(await this.isThere(path))) return;
    const yes = await askDownloadPointed(this.host.dialogHost(), this.tab.target, shown);
    this.tab.terminal.focus(); // the click was in the terminal: the keyboard goes back there
    if (yes) this.save(path);
  }

  /**
   * Whether `path` is on the host; when it is not (or the host cannot say), the tab says so, since the browser would
   * save the bridge's error as if it were the file.
   */
  private async isThere(path: string): Promise<boolean> {
    const shown = path.startsWith('/') ? path : `~/${path}`;
    const there = await whatIsAt(this.tab, path);
    if (there.ok && there.body !== 'nothing') return true;
    this.host.tell(there.ok ? `There is no ${shown} on ${this.tab.target}` : `${shown} cannot be downloaded: ${there.error}`);
    return false;
  }

  /** The browser downloads `path` from the host (a folder as a .tar), saving it where it saves downloads. */
  private save(path: string): void {
    const link = el('a', { href: `/api/files?${hostQuery(this.tab, path)}`, download: '' });
    link.click();
    this.host.tell(`Downloading ${path}: the browser saves it`);
  }

  /** Tab in Download…: the host's names in the typed folder (relative to the shell's) that start as the text ends. */
  private async completeOnHost(shellFolder: string, typed: string): Promise<CompletionAnswer> {
    const { folder, prefix } = splitTyped(typed);
    const listed = await listFolder(this.tab, folderToList(folder, shellFolder), prefix);
    if (!listed.ok) return { text: typed, candidates: [], error: listed.error };
    return { ...complete(typed, listed.body.names), more: listed.body.more };
  }
}
