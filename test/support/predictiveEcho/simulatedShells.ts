// Simulated hosts for tests: what bash (readline), zsh, the tty under dash, or a silent prompt send back per key.
import { agreedCharWidth } from '../../../client/predictiveEcho/charWidth.js';
import { classifyInput } from '../../../client/predictiveEcho/keys.js';

/** Columns a string takes; the simulated shells move the cursor by columns, as real ones do. */
function columns(text: string): number {
  let total = 0;
  for (const ch of text) total += agreedCharWidth(ch.codePointAt(0)!) || 1;
  return total;
}

const back = (text: string): string => '\b'.repeat(columns(text));

/** Something at the far end of the link that answers keys with output. */
export interface SimulatedShell {
  /** The bytes the host sends back for one onData string. */
  answer(data: string): string;
}

export type ShellFlavour = 'bash' | 'bash-ich' | 'zsh' | 'dash';

/**
 * A single-line editor with a prompt, drawing the way the named shell does. Lines are kept shorter than the
 * screen (a full line rings the bell) so no shell's wrapping logic needs simulating.
 */
export class LineEditorShell implements SimulatedShell {
  private line: string[] = [];
  private cursor = 0;
  /** Characters refused because the line was full: a simplification real shells do not make. */
  fullLineRefusals = 0;

  /**
   * @param rightPrompt text zsh shows at the right margin (RPROMPT), on a screen `cols` wide; the line is
   *   kept short enough never to reach it
   */
  constructor(
    private readonly flavour: ShellFlavour,
    private readonly maxLength: number,
    private readonly prompt = '$ ',
    private readonly rightPrompt?: { readonly text: string; readonly cols: number },
  ) {}

  /** What a fresh session shows. */
  greeting(): string {
    return this.promptLine();
  }

  /** The prompt, and the right prompt one column in from the margin, the cursor back after the prompt. */
  private promptLine(): string {
    if (this.rightPrompt === undefined) return this.prompt;
    const { text, cols } = this.rightPrompt;
    return `${this.prompt}\x1b[${cols - columns(text)}G${text}\r\x1b[${columns(this.prompt)}C`;
  }

  answer(data: string): string {
    let out = '';
    for (const key of classifyInput(data)) {
      switch (key.kind) {
        case 'char':
          out += this.insert(key.text);
          break;
        case 'paste':
          for (const ch of key.text) out += ch === '\r' ? this.enter() : ch >= ' ' ? this.insert(ch) : '';
          break;
        case 'backspace':
          out += this.backspace();
          break;
        case 'left':
          out += this.left();
          break;
        case 'right':
          out += this.right();
          break;
        case 'enter':
          out += this.enter();
          break;
        case 'other':
          out += this.other(key.raw);
          break;
      }
    }
    return out;
  }

  private rest(): string {
    return this.line.slice(this.cursor).join('');
  }

  private insert(ch: string): string {
    if (this.line.length >= this.maxLength) {
      this.fullLineRefusals++;
      return '\x07';
    }
    const atEnd = this.cursor === this.line.length;
    const previous = this.line[this.cursor - 1];
    this.line.splice(this.cursor, 0, ch);
    this.cursor++;
    const rest = this.rest();
    switch (this.flavour) {
      case 'dash':
        // The tty echoes and the line is edited at its end only (no cursor movement in canonical mode).
        return ch;
      case 'zsh':
        if (atEnd) return previous === undefined ? ch : `${back(previous)}${previous}${ch}`;
        return ch + rest + back(rest);
      case 'bash-ich':
        return atEnd ? ch : `\x1b[${columns(ch)}@${ch}`;
      case 'bash':
        return atEnd ? ch : ch + rest + back(rest);
    }
  }

  private backspace(): string {
    if (this.cursor === 0) return this.flavour === 'dash' ? '' : '\x07';
    const [erased] = this.line.splice(this.cursor - 1, 1) as [string];
    this.cursor--;
    const rest = this.rest();
    const gap = ' '.repeat(columns(erased));
    switch (this.flavour) {
      case 'dash':
      case 'zsh':
        if (rest === '') return back(erased) + gap + back(erased);
        return back(erased) + rest + gap + back(rest + gap);
      case 'bash-ich':
        return `${back(erased)}\x1b[${columns(erased)}P`;
      case 'bash':
        return rest === '' ? `${back(erased)}\x1b[K` : back(erased) + rest + gap + back(rest + gap);
    }
  }

  private left(): string {
    if (this.flavour === 'dash') return this.literal('^[[D');
    if (this.cursor === 0) return '\x07';
    this.cursor--;
    return back(this.line[this.cursor]!);
  }

  private right(): string {
    if (this.flavour === 'dash') return this.literal('^[[C');
    if (this.cursor === this.line.length) return '\x07';
    return this.line[this.cursor++]!;
  }

  /** The tty under dash echoes arrow keys in caret notation, and they become part of the line. */
  private literal(text: string): string {
    let out = '';
    for (const ch of text) out += this.insert(ch);
    return out;
  }

  private enter(): string {
    const command = this.line.join('');
    this.line = [];
    this.cursor = 0;
    const output = command.trim() === '' ? '' : `${command.trim().split(' ')[0]}: not found\r\n`;
    return `\r\n${output}${this.promptLine()}`;
  }

  private other(raw: string): string {
    if (raw === '\x03') {
      this.line = [];
      this.cursor = 0;
      return `^C\r\n${this.promptLine()}`;
    }
    return this.flavour === 'dash' ? '' : '\x07';
  }
}

/** A prompt that does not echo (`read -s`, `sudo`, `passwd`): silence until Enter. */
export class SilentPrompt implements SimulatedShell {
  constructor(private readonly prompt = 'Password: ') {}

  greeting(): string {
    return this.prompt;
  }

  answer(data: string): string {
    return classifyInput(data).some((key) => key.kind === 'enter' || (key.kind === 'paste' && key.text.includes('\r')))
      ? `\r\n${this.prompt}`
      : '';
  }
}

/**
 * fish, roughly: every key repaints the whole line, and when the line begins a command from history the
 * rest of that command is drawn after the cursor in grey; → at the end of the line accepts it.
 */
export class FishShell implements SimulatedShell {
  private line: string[] = [];
  private cursor = 0;
  fullLineRefusals = 0;

  constructor(
    private readonly maxLength: number,
    private readonly history: readonly string[] = ['echo hello', 'ls -la', 'sl'],
    private readonly prompt = '> ',
  ) {}

  greeting(): string {
    return this.prompt;
  }

  answer(data: string): string {
    let out = '';
    for (const key of classifyInput(data)) {
      switch (key.kind) {
        case 'char':
          out += this.insert(key.text) ?? this.repaint();
          break;
        case 'paste':
          for (const ch of key.text) out += ch === '\r' ? this.enter() : (this.insert(ch) ?? '');
          out += this.repaint();
          break;
        case 'backspace':
          if (this.cursor === 0) {
            out += '\x07';
            break;
          }
          this.line.splice(--this.cursor, 1);
          out += this.repaint();
          break;
        case 'left':
          if (this.cursor > 0) this.cursor--;
          out += this.repaint();
          break;
        case 'right': {
          const suggestion = this.suggestion();
          if (this.cursor < this.line.length) this.cursor++;
          else if (suggestion !== '') {
            this.line.push(...suggestion);
            this.cursor = this.line.length;
          }
          out += this.repaint();
          break;
        }
        case 'enter':
          out += this.enter();
          break;
        case 'other':
          if (key.raw === '\x03') {
            this.line = [];
            this.cursor = 0;
            out += `\r\n${this.prompt}`;
          }
          break;
      }
    }
    return out;
  }

  /** Inserts at the cursor; a bell instead when the line is full. */
  private insert(ch: string): string | undefined {
    if (this.line.length >= this.maxLength) {
      this.fullLineRefusals++;
      return '\x07';
    }
    this.line.splice(this.cursor++, 0, ch);
    return undefined;
  }

  private suggestion(): string {
    const text = this.line.join('');
    if (text === '' || this.cursor !== this.line.length) return '';
    const match = this.history.find((command) => command.startsWith(text) && command.length > text.length);
    return match === undefined ? '' : match.slice(text.length, text.length + this.maxLength - this.line.length);
  }

  private repaint(): string {
    const suggestion = this.suggestion();
    const grey = suggestion === '' ? '' : `\x1b[90m${suggestion}\x1b[39m`;
    const column = columns(this.prompt) + columns(this.line.slice(0, this.cursor).join(''));
    return `\r${this.prompt}${this.line.join('')}${grey}\x1b[K\r\x1b[${column}C`;
  }

  private enter(): string {
    const command = this.line.join('').trim();
    this.line = [];
    this.cursor = 0;
    const output = command === '' ? '' : `fish: Unknown command: ${command.split(' ')[0]}\r\n`;
    return `\r\n${output}${this.prompt}`;
  }
}
