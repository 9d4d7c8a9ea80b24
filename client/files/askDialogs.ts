// The questions a transfer may ask: which folder on the host (when the shell does not say), whether to replace a file, which file to download.
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

/** Resolves true to replace `path` on the host, false to leave it. */
export function askReplace(host: HTMLElement, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    let modal: Modal;
    const finish = (answer: boolean) => {
      modal.dispose();
      resolve(answer);
    };
    modal = new Modal(host, { title: 'Replace the file on the host?', onCancel: () => finish(false), className: 'upload-replace-dialog' });
    modal.body.append(el('p', {}, `${path} exists. Replace it with the one you are uploading?`));
    const replace = el('button', { type: 'button', class: 'button button-primary' }, 'Replace');
    const keep = el('button', { type: 'button', class: 'button' }, 'Keep it');
    modal.actions.append(replace, keep);
    listen(replace, 'click', () => finish(true));
    listen(keep, 'click', () => finish(false));
    modal.focus(keep);
  });
}

/** Resolves with the path typed, or null when cancelled. */
export function askDownload(host: HTMLElement, target: string, folder: string): Promise<string | null> {
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
    const form = el('form', {}, el('p', {}, `A path on the host, or a name in ${where}.`), el('label', { for: id }, 'File on host'), input);
    const download = el('button', { type: 'submit', class: 'button button-primary' }, 'Download');
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    form.append(el('div', { class: 'dialog-actions' }, download, cancel));
    modal.body.append(form);
    listen(form, 'submit', (event) => {
      event.preventDefault();
      finish(input.value.trim() || null);
    });
    listen(cancel, 'click', () => finish(null));
    modal.focus(input);
  });
}
