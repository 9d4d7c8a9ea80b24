// Which host key algorithms and MACs longhaul offers: SHA-1 ones only when the user's ssh config asks for them.
import { TargetError, type AlgorithmDirectives } from './target.js';

/** Host key algorithms offered by default, best first: ssh2's own defaults without `ssh-rsa`, which signs with SHA-1. */
export const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];
/** What `HostKeyAlgorithms` may add: every host key algorithm ssh2 can verify. */
export const SUPPORTED_HOST_KEY_ALGORITHMS = [...DEFAULT_HOST_KEY_ALGORITHMS, 'ssh-rsa', 'ssh-dss'];

/** MACs offered by default: ssh2's defaults without the SHA-1 ones (OpenSSH still offers them; we do not). */
export const DEFAULT_MACS = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'];
/** What `MACs` may add: every MAC ssh2 implements. */
export const SUPPORTED_MACS = [
  ...DEFAULT_MACS,
  'hmac-sha1-etm@openssh.com',
  'hmac-sha1',
  'hmac-md5',
  'hmac-sha2-256-96',
  'hmac-sha2-512-96',
  'hmac-ripemd160',
  'hmac-sha1-96',
  'hmac-md5-96',
];

export interface AlgorithmLists {
  hostKey: string[];
  mac: string[];
}

/** The lists to offer a host, after its `HostKeyAlgorithms` and `MACs` lines. */
export function algorithmsFor(directives: AlgorithmDirectives | undefined, alias: string): AlgorithmLists {
  return {
    hostKey: applyDirective(DEFAULT_HOST_KEY_ALGORITHMS, SUPPORTED_HOST_KEY_ALGORITHMS, directives?.hostKeyAlgorithms, 'HostKeyAlgorithms', alias),
    mac: applyDirective(DEFAULT_MACS, SUPPORTED_MACS, directives?.macs, 'MACs', alias),
  };
}

/**
 * OpenSSH's list syntax: `+a,b` appends to the defaults, `-a,b` removes (wildcards allowed), `^a,b` puts first,
 * a plain list replaces. Names longhaul cannot use are left out, as OpenSSH leaves out what it was built without.
 */
export function applyDirective(defaults: readonly string[], supported: readonly string[], value: string | undefined, directive: string, alias: string): string[] {
  if (value === undefined) return [...defaults];
  const head = value[0];
  const names = (head === '+' || head === '-' || head === '^' ? value.slice(1) : value).split(',').map((n) => n.trim()).filter(Boolean);
  const usable = (list: string[]) => list.filter((name) => supported.includes(name));
  let result: string[];
  if (head === '+') result = [...defaults, ...usable(names).filter((n) => !defaults.includes(n))];
  else if (head === '^') result = [...usable(names), ...defaults.filter((n) => !names.includes(n))];
  else if (head === '-') result = defaults.filter((n) => !names.some((pattern) => wildcard(pattern).test(n)));
  else result = usable(names);
  if (result.length === 0) {
    throw new TargetError(`The ssh config's ${directive} for ${alias} (${value}) leaves no algorithm longhaul can use; longhaul supports ${supported.join(', ')}.`);
  }
  return result;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
}

/** The sentence for a host that offers only algorithms longhaul leaves out, from ssh2's handshake error; undefined for other errors. */
export function noCommonAlgorithmSentence(message: string, alias: string): string | undefined {
  if (/no matching host key format/.test(message)) {
    return (
      `${alias} and longhaul share no host key algorithm. longhaul no longer accepts ssh-rsa host keys (they are signed with SHA-1, which can be forged) ` +
      `unless ~/.ssh/config asks for them. Better: give the host an ed25519 key (ssh-keygen -A on the host). If you accept the risk, add "HostKeyAlgorithms +ssh-rsa" under "Host ${alias}".`
    );
  }
  if (/no matching (C->S|S->C) MAC/.test(message)) {
    return (
      `${alias} and longhaul share no MAC (message integrity) algorithm. longhaul no longer offers hmac-sha1 unless ~/.ssh/config asks for it. ` +
      `Better: update the host's sshd. If you accept the risk, add "MACs +hmac-sha1" under "Host ${alias}".`
    );
  }
  return undefined;
}
