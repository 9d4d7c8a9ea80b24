// The tab commands: open, close, reopen, and move between tabs by order or by number.
import type { Command } from '../commands/command.js';

/** Alt+1…8 go to that tab, Alt+9 to the last one, the way browsers number their tabs. */
const byNumber: Command[] = [1, 2, 3, 4, 5, 6, 7, 8].map((number) => ({
  id: `tab.goTo${number}`,
  label: `Go to tab ${number}`,
  keys: [{ alt: true, key: String(number) }],
  run: (context) => context.goToTab(number),
}));

export const TAB_COMMANDS: readonly Command[] = [
  { id: 'tab.new', label: 'New tab', keys: [{ alt: true, shift: true, key: 'n' }], run: (context) => context.newTab() },
  { id: 'tab.close', label: 'Close tab', keys: [{ alt: true, shift: true, key: 'w' }], run: (context) => context.closeTab() },
  { id: 'tab.reopenClosed', label: 'Reopen closed tab', keys: [{ alt: true, shift: true, key: 't' }], run: (context) => context.reopenClosedTab() },
  { id: 'tab.next', label: 'Next tab', keys: [{ alt: true, key: 'PageDown' }], run: (context) => context.nextTab() },
  { id: 'tab.previous', label: 'Previous tab', keys: [{ alt: true, key: 'PageUp' }], run: (context) => context.previousTab() },
  ...byNumber,
  { id: 'tab.goToLast', label: 'Go to last tab', keys: [{ alt: true, key: '9' }], run: (context) => context.goToTab(9) },
];
