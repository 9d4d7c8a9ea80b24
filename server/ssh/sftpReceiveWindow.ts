// Lets the host send an SFTP session more than ssh2's receive window allows, so a download from far away is not held back by that window.
import type { SFTPWrapper } from 'ssh2';

/**
 * ssh2 gives each channel a 2 MiB receive window and tops it back up to 2 MiB only once it has fallen to 1 MiB, in
 * one step. A download thus settles at about 1 MiB granted per round trip: at 250 ms, 4 MiB/s, however many reads
 * are in flight (bench/sftpWindow.bench.ts shows 1 MiB bursts a round trip apart, each after one 1 MiB adjust).
 * OpenSSH's client tops up every ~200 KiB and so keeps nearly its whole 2 MiB open.
 *
 * The extra is granted once, with a window adjust that ssh2 is not told of (its `incoming.window` is left as it
 * is). The host's window is then always ssh2's plus the extra, and ssh2's own top-ups keep both going as before.
 * Raising `incoming.window` instead would not last: ssh2 would not top up until it fell to 1 MiB again, and then
 * only to 2 MiB, so the extra would be spent once. Leaving ssh2's count low is safe because its only other use is
 * to drop data arriving when the count is exactly 0, and an SFTP session's count never gets near 0: SFTP never
 * pushes back (its `push` returns nothing), so ssh2 tops up whenever the count falls to 1 MiB, and the host's
 * packets are at most 32 KiB.
 */
export const SFTP_EXTRA_RECEIVE_WINDOW_BYTES = 4 * 1024 * 1024;

/** What this module uses of ssh2's SFTP object (it stands in for the channel, and holds ssh2's protocol). */
interface SftpChannelInternals {
  outgoing?: { id?: number; state?: string };
  _protocol?: { channelWindowAdjust?: (channel: number, amount: number) => void };
}

/**
 * Grants the host `extraBytes` more window on this SFTP session's channel, for as long as it is open. Returns
 * false, changing nothing, if the session is not open or this ssh2 no longer has the internals used.
 */
export function widenReceiveWindow(sftp: SFTPWrapper, extraBytes = SFTP_EXTRA_RECEIVE_WINDOW_BYTES): boolean {
  const { outgoing, _protocol: protocol } = sftp as unknown as SftpChannelInternals;
  if (typeof outgoing?.id !== 'number' || outgoing.state !== 'open' || typeof protocol?.channelWindowAdjust !== 'function') return false;
  protocol.channelWindowAdjust(outgoing.id, extraBytes);
  return true;
}
