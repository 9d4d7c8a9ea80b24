// The Members field as the user types it, to and from the list the groups API takes, and its refusals in the form's words.

/**
 * One member a line, or several separated by commas. Spaces do not separate: a saved session's name may have
 * them ("web front"), and the bridge trims each member itself.
 */
export function membersFromText(text: string): string[] {
  const members: string[] = [];
  for (const piece of text.split(/[\n,]/)) {
    const member = piece.trim();
    // Case is ignored as the bridge ignores it, so the list sent is the list it keeps.
    if (member && !members.some((m) => m.toLowerCase() === member.toLowerCase())) members.push(member);
  }
  return members;
}

/** A saved group's members for editing: one a line, so a long list reads down the field. */
export function membersToText(members: readonly string[]): string {
  return members.join('\n');
}

/**
 * The bridge names the field it refused by its API name ("name must not be blank", "members.1 (x): Port 99999 is
 * out of range"); the form calls them "Group name" and "Members", and the user counts lines, not indexes.
 */
export function readableGroupError(message: string): string {
  let text = message.trim();
  const member = /^members\.(\d+)\b\s*(.*)$/s.exec(text);
  if (member) text = `Members, entry ${Number(member[1]) + 1} ${member[2]}`.trim();
  else if (/^members\b/.test(text)) text = `Members${text.slice('members'.length)}`;
  else if (/^name\b/.test(text)) text = `Group name${text.slice('name'.length)}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** "3 hosts: a, b, c" — what a group stands for, as the list and the status line say it. */
export function hostsSentence(targets: readonly string[]): string {
  if (!targets.length) return 'No hosts.';
  return `${targets.length} host${targets.length === 1 ? '' : 's'}: ${targets.join(', ')}`;
}
