// Keeps credentials out of logged URLs, however the query spells their names (`%74oken`, `TOKEN`, `+token`).

/** Query parameters whose values are credentials: the token, and one-time login links. */
const SECRET_PARAMETERS = new Set(['token', 'login']);

/** Percent-decoded as far as it decodes: a broken escape elsewhere must not hide a name or a secret. */
function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

function decodedName(raw: string): string {
  return decoded(raw).trim().toLowerCase();
}

/**
 * The URL with the value of every credential parameter replaced by `[redacted]`. A known secret found anywhere
 * else in it (in the path, under another name) hides the whole URL.
 */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  const redacted = redactParameters(url);
  const plain = decoded(redacted);
  return secrets.some((secret) => secret.length > 0 && plain.includes(secret)) ? '[redacted]' : redacted;
}

function redactParameters(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
  const redacted = query
    .split(/([&;])/)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      return SECRET_PARAMETERS.has(decodedName(part.slice(0, eq))) ? `${part.slice(0, eq)}=[redacted]` : part;
    })
    .join('');
  return `${url.slice(0, queryStart + 1)}${redacted}${hashStart < 0 ? '' : url.slice(hashStart)}`;
}
