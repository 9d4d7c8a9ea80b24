// Whether the host's own line holds typed text after keys sent in character mode, so half-duplex knows where editing keys belong when it is switched on.
import { decodeKeys } from '../terminal/keys.js';

/**
 * Follows what character-mode keys did to the shell's line: text, pastes, Tab and history recall put
 * something there; Enter and Ctrl-C empty it; other keys (Backspace, arrows) might or might not, and
 * leave the answer as it was. The line editor uses it (`setHostHasText`) so that, on an empty local
 * line, Backspace and the arrows still edit what the shell holds.
 */
export function hostLineAfterKeys(hadText: boolean, data: string): boolean {
  let hasText = hadText;
  for (const key of decodeKeys(data)) {
    if (key.kind === 'text' || key.kind === 'paste') hasText = true;
    else if (key.kind === 'edit') {
      if (key.action === 'enter' || key.action === 'interrupt') hasText = false;
      else if (key.action === 'tab' || key.action === 'historyPrevious' || key.action === 'historyNext' || key.action === 'yank') hasText = true;
    }
  }
  return hasText;
}
