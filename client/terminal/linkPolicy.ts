// Decides what a click on a terminal link does: open it, ask first (showing where it goes), or refuse with a sentence.

/**
 * Why a link needs a look before it opens:
 * - `text-differs`: the host wrote one thing on screen and put another behind it (OSC 8 lets it), so a link titled
 *   "release notes" can go anywhere.
 * - `private-address`: it points at this computer or a private network, where the browser carries credentials and
 *   reaches services no outside page could, and a host's link should not get there in one click.
 * - `longhaul`: it points at longhaul itself, whose pages act with the user's session.
 */
export type LinkReason = 'text-differs' | 'private-address' | 'longhaul';

export type LinkDecision =
  | { kind: 'open'; url: string }
  | { kind: 'ask'; url: string; host: string; reasons: LinkReason[] }
  | { kind: 'refuse'; message: string };

/** Longest part of a refused link quoted back in the sentence: enough to recognise it, not a screenful. */
const QUOTED_LENGTH = 80;

function quoted(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > QUOTED_LENGTH ? `${clean.slice(0, QUOTED_LENGTH)}…` : clean;
}

/**
 * `target` is where the link goes, `text` what the terminal shows for it, `pageOrigin` longhaul's own origin.
 * Only http and https open; anything else (file:, javascript:, data:, ssh:…) is refused, because the browser would
 * act on it with the page's rights or hand it to another program.
 */
export function decideLink(target: string, text: string, pageOrigin: string): LinkDecision {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { kind: 'refuse', message: `longhaul did not open this link: "${quoted(target)}" is not a web address.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      kind: 'refuse',
      message: `longhaul opens only http and https links; it did not open this ${url.protocol.slice(0, -1)} link: ${quoted(target)}`,
    };
  }
  const reasons: LinkReason[] = [];
  if (!sameLink(text, url)) reasons.push('text-differs');
  if (url.origin === pageOrigin) reasons.push('longhaul');
  else if (isPrivateHost(url.hostname)) reasons.push('private-address');
  return reasons.length === 0 ? { kind: 'open', url: url.href } : { kind: 'ask', url: url.href, host: url.host, reasons };
}

/** The text on screen names the same address as the link (allowing the browser's normal form of it). */
function sameLink(text: string, url: URL): boolean {
  const shown = text.trim();
  if (shown === url.href || `${shown}/` === url.href) return true;
  try {
    return new URL(shown).href === url.href;
  } catch {
    return false;
  }
}

/**
 * Loopback, private, link-local and unspecified addresses, and `localhost` names. The URL parser has already turned
 * every spelling of an IPv4 address (`2130706433`, `0x7f.1`) into dotted form, and IPv6 into its short form.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[') && host.endsWith(']')) return isPrivateIpv6(host.slice(1, -1));
  const v4 = parseIpv4(host);
  return v4 !== null && isPrivateIpv4(v4);
}

function parseIpv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || // "this network": 0.0.0.0 reaches this computer
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local
    (a === 100 && b! >= 64 && b! <= 127) // carrier-grade NAT, private in practice
  );
}

/** Expand an IPv6 address (as the URL parser writes it) to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

function isPrivateIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  if (!groups) return true; // not understood: ask rather than open
  const [g0, , , , , g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const allZeroBefore = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (allZeroBefore(7) && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  if (allZeroBefore(5) && g5 === 0xffff) return isPrivateIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // IPv4-mapped
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local, fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local, fe80::/10
  return false;
}

/** The words a confirmation shows for each reason, in the order given. */
export function reasonSentence(reason: LinkReason, text: string, host: string): string {
  switch (reason) {
    case 'text-differs':
      return `The link reads “${quoted(text.trim())}”, but it goes somewhere else.`;
    case 'private-address':
      return `It points at ${host}, on this computer or your private network, which pages on the internet cannot reach.`;
    case 'longhaul':
      return 'It points at longhaul itself, which would act with your session.';
  }
}
