// What a tab shows, most telling first: its Alt+N number, the host (or saved label), then the shell's title.

/** The Alt+N digit that reaches the tab at `index` of `count`: 1–8 for the first eight, 9 for the last (as browsers). */
export function tabNumber(index: number, count: number): number | null {
  if (index === count - 1 && count >= 9) return 9;
  return index < 8 ? index + 1 : null;
}

export interface TabLabelInput {
  /** What the user typed to open it (`de1`); undefined for a new tab. */
  target?: string | undefined;
  /** The shell's title when it set one, else the target. */
  title: string;
  /** A saved session's short label, shown in its colour. */
  savedLabel?: string | undefined;
}

export interface TabLabel {
  /** What tells the tab apart, first and never squeezed out: the saved label, else the host as typed. */
  name: string;
  /** The shell's title after it, when it says more than the name; it gives way first when space is short. */
  title: string;
}

export function tabLabel({ target, title, savedLabel }: TabLabelInput): TabLabel {
  const name = savedLabel ?? target ?? title;
  const more = title.trim();
  return { name, title: more === name || more === target ? '' : more };
}

/** The tooltip: everything, in full, with the shortcut that reaches the tab and what it is doing. */
export function tabTooltip(label: TabLabel, target: string | undefined, number: number | null, details: readonly string[]): string {
  const head = [label.name, target && target !== label.name ? target : '', label.title].filter(Boolean).join(' — ');
  const tail = [...details.filter(Boolean), number === null ? '' : `Alt+${number}`].filter(Boolean);
  return tail.length > 0 ? `${head}\n${tail.join('\n')}` : head;
}
