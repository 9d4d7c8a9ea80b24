// The latency command: show or hide the latency overlay on every tab (one choice for the page).
import type { Command } from '../commands/command.js';

export const LATENCY_COMMANDS: readonly Command[] = [
  { id: 'latency.toggle', label: 'Show or hide latency', keys: [{ alt: true, shift: true, key: 'l' }], run: (context) => context.toggleLatencyOverlay() },
];
