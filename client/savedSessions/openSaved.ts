// What a tab opened from a saved session starts with: its target, look, half-duplex and predictive-echo defaults, shell integration, command.
import type { SavedSession } from '../../shared/savedSessions.js';
import type { TerminalSessionOptions } from '../session/terminalSession.js';
import { lookOf } from './tabLook.js';

export function sessionOptionsFor(saved: SavedSession): TerminalSessionOptions {
  const options: TerminalSessionOptions = {
    halfDuplex: saved.halfDuplex,
    savedSession: lookOf(saved),
    predictiveEcho: saved.predictiveEcho,
  };
  if (saved.shellIntegration) options.shellIntegration = true;
  if (saved.commandOnConnect) options.commandOnConnect = saved.commandOnConnect;
  return options;
}
