// Recognises the shell's prompt coming back after a line was sent, from the prompt where half-duplex was last used.

/** The last character of a shell prompt before its trailing space (bash `$`/`#`, zsh `%`, fish and others `>`, `❯`, `»`). */
const PROMPT_SIGILS = '$#%>❯»';

/** The prompt's fixed parts: its start up to where the working directory or a number begins, and its sigil with the space after it. */
interface PromptShape {
  readonly head: string;
  readonly tail: string;
}

/** `bash-5.2$ ` → `bash-` … `$ `; `alice@box:~/src$ ` → `alice@box:` … `$ `; null when it does not end like a shell prompt. */
export function promptShape(prompt: string): PromptShape | null {
  const trimmed = prompt.trimEnd();
  const sigil = [...trimmed].at(-1);
  if (sigil === undefined || !PROMPT_SIGILS.includes(sigil)) return null;
  const tail = prompt.slice(trimmed.length - sigil.length);
  const body = trimmed.slice(0, trimmed.length - sigil.length);
  // The working directory and numbers (versions, times, exit codes, history numbers) change from prompt to prompt.
  const variable = body.search(/[~/0-9]/u);
  return { head: variable === -1 ? body : body.slice(0, variable), tail };
}

/**
 * Whether `candidate` (the text before the host's cursor, with nothing after it) is the shell's prompt again,
 * given `learned`, the text before the line where half-duplex was last used. The same text always is; otherwise
 * it must end with the same sigil and spacing and hold the same fixed start (a `cd` changes the directory in
 * `alice@box:~/src$ `, output without a final newline may come before it). A pager's `:` or `--More--`, a
 * `Continue? [y/N] ` or `API key: ` are not, so their keys go to the host.
 */
export function isShellPromptAgain(learned: string, candidate: string): boolean {
  if (learned.trim() === '') return false; // an empty "prompt" would match any empty line a program leaves
  if (candidate === learned) return true;
  const shape = promptShape(learned);
  if (!shape || !candidate.endsWith(shape.tail)) return false;
  const body = candidate.slice(0, candidate.length - shape.tail.length);
  return body.includes(shape.head);
}
