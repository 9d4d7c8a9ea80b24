// The questions a transfer may ask: which folder on the host (when the shell does not say), whether to replace a file, which file to download, whether to download one pointed at.
import { Modal } from '../dialogs/modal.js';
import { listen } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';

/** Resolves with the folder typed (`~` proposed), or null when cancelled. */
export function askFolder(host: HTMLElement, target: string): Promise<string | null> {
  return new Promise((resolve) => {
    let modal: Modal;
    const finish = (answer: string | null) => {
      modal.dispose();
      resolve(answer);
    };
    modal = new Modal(host, { title: `Upload to which folder on ${target}?`, onCancel: () => finish(null), className: 'upload-folder-dialog' });
    const id = uniqueId('upload-folder');
    const input = el('input', { id, type: 'text', value: '~', spellcheck: 'false', autocomplete: 'off' });
    const form = el(
      'form',
      {},
      el('p', {}, 'The shell does not say which folder it is in (it would with OSC 7). This tab remembers the answer.'),
      el('label', { for: id }, 'Folder on host'),
      input,
    );
    const upload = el('button', { type: 'submit', class: 'button button-primary' }, 'Upload here');
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    form.append(el('div', { class: 'dialog-actions' }, upload, cancel));
    modal.body.append(form);
    listen(form, 'submit', (event) => {
      event.preventDefault();
      finish(input.value);
    });
    listen(cancel, 'click', () => finish(null));
    modal.focus(input);
    input.select();
  });
}

/** A replace question's answer: for this file, or for it and every other file of the same upload that is there too. */
export type ReplaceAnswer = 'replace' | 'keep' | 'replaceAll' | 'keepAll';

/** Asks whether to replace `path` on the host; `forTheRest` offers to answer for the upload's other files as well. */
export function askReplace(host: HTMLElement, path: string, forTheRest: boolean): Promise<ReplaceAnswer> {
  return new Promise((resolve) => {
    let modal: Modal;
    const finish = (answer: ReplaceAnswer) => {
      modal.dispose();
      resolve(answer);
    };
    modal = new Modal(host, { title: 'Replace the file on the host?', onCancel: () => finish('keep'), className: 'upload-replace-dialog' });
    modal.body.append(el('p', {}, `${path} exists. Replace it with the one you are uploading?`));
    const answers: Array<[string, ReplaceAnswer, string]> = [
      ['Replace', 'replace', 'button button-primary'],
      ['Keep it', 'keep', 'button'],
      ...(forTheRest
        ? ([
            ['Replace all', 'replaceAll', 'button'],
            ['Keep all', 'keepAll', 'button'],
          ] as Array<[string, ReplaceAnswer, string]>)
        : []),
    ];
    const buttons = answers.map(([words, answer, className]) => {
      const button = el('button', { type: 'button', class: className }, words);
      listen(button, 'click', () => finish(answer));
      return button;
    });
    modal.actions.append(...buttons);
    modal.focus(buttons[1]);
  });
}

/** What Tab in the path field shows: the text completed, the names that still fit, or why there is nothing. */
export interface CompletionAnswer {
  text: string;
  candidates: string[];
  /** More names fit than were listed. */
  more?: boolean;
  error?: string;
}

/** Resolves with the path typed, or null when cancelled; Tab in the field asks `complete` for what the host has. */
export function askDownload(host: HTMLElement, target: string, folder: string, complete?: (typed: string) => Promise<CompletionAnswer>): Promise<string | null> {
  return new Promise((resolve) => {
    let modal: Modal;
    const finish = (answer: string | null) => {
      modal.dispose();
      resolve(answer);
    };
    modal = new Modal(host, { title: `Download from ${target}`, onCancel: () => finish(null), className: 'download-dialog' });
    const id = uniqueId('download-path');
    const input = el('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off' });
    const where = folder === '' ? 'your home folder' : folder;
    const hint = complete ? ' Tab completes it from the host.' : '';
    // The names Tab found, said as they come (a screen reader hears them too).
    const found = el('div', { class: 'download-candidates', role: 'status', 'aria-label': 'Names on the host' });
    const form = el('form', {}, el('p', {}, `A path on the host, or a name in ${where}.${hint}`), el('label', { for: id }, 'File on host'), input, found);
    const download = el('button', { type: 'submit', class: 'button button-primary' }, 'Download');
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    form.append(el('div', { class: 'dialog-actions' }, download, cancel));
    modal.body.append(form);
    listen(form, 'submit', (event) => {
      event.preventDefault();
      finish(input.value.trim() || null);
    });
    listen(cancel, 'click', () => finish(null));
    if (complete) {
      listen(input, 'keydown', (event) => {
        // Shift+Tab still leaves the field, so the buttons stay in reach from the keyboard.
        if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        const typed = input.value;
        found.textContent = 'Looking on the host…';
        void complete(typed).then((answer) => {
          if (input.value !== typed) return; // typed on meanwhile: this answer is for older text
          input.value = answer.text;
          found.replaceChildren();
          if (answer.error) found.textContent = answer.error;
          else if (answer.candidates.length) {
            found.append(el('ul', {}, ...answer.candidates.map((name) => el('li', {}, name))));
            if (answer.more) found.append(el('p', {}, 'More names fit; type more of the name.'));
          } else if (answer.text === typed) found.textContent = `Nothing on the host starts with “${typed}”.`;
        });
      });
    }
    modal.focus(input);
  });
}

/** Resolves true to download `shown` (the full host path, as the user knows it) from `target`, false to leave it. */
export function askDownloadPointed(host: HTMLElement, target: string, shown: string): Promise<boolean> {
  return new Promise((resolve) => {
    let modal: Modal;
    const finish = (answer: boolean) => {
      modal.dispose();
      resolve(answer);
    };
    modal = new Modal(host, { title: `Download from ${target}?`, onCancel: () => finish(false), className: 'download-pointed-dialog' });
    modal.body.append(el('p', {}, 'Download ', el('code', {}, shown), ` from ${target}? A folder comes as a .tar.`));
    const download = el('button', { type: 'button', class: 'button button-primary' }, 'Download');
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    modal.actions.append(download, cancel);
    listen(download, 'click', () => finish(true));
    listen(cancel, 'click', () => finish(false));
    modal.focus(download);
  });
}
