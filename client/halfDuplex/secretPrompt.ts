// Recognises a prompt for a secret (password, passphrase, PIN, one-time code) in the text before the host's cursor.

/**
 * Words that name a secret, as regular-expression sources, longest first so "secret access key" wins over
 * "secret". Matched case-insensitively as whole words.
 */
const SECRET_WORDS = [
  // English, as sudo, su, passwd, ssh, ssh-add, ssh-keygen, git, psql, mysql, openssl, gpg, ansible, vault,
  // cryptsetup, aws and PAM modules (google-authenticator, yubico, duo, RSA) ask.
  'one[- ]time (?:password|passcode|code|pin)',
  '(?:verification|authentication|authenticator|security|confirmation|2fa|mfa|totp|hotp|otp|sms|two[- ]factor) (?:code|token)',
  'secret access key',
  'secret key',
  'pass ?phrase',
  'passw(?:or)?d',
  'passcode',
  'pin',
  'otp',
  'token',
  'secret',
  'yubikey',
  // Localised sudo, su and passwd (glibc/PAM/sudo translations).
  'passwort',
  'kennwort',
  'mot de passe',
  'phrase secr[eè]te',
  'contrase[ñn]a',
  'clave',
  'senha',
  'пароль',
  'парола',
  'has[łl]o',
  'wachtwoord',
  'l[öo]senord',
  'adgangskode',
  'passord',
  'salasana',
  'heslo',
  'jelsz[óo]',
  'parol[aă]',
  '[şs]ifre',
  'geslo',
  'lozinka',
  'лозинка',
  'm[ậa]t kh[ẩa]u',
  'kata sandi',
  'κωδικός(?: πρόσβασης)?',
  'סיסמה',
  'كلمة (?:المرور|السر)',
  'पासवर्ड',
];

/** Scripts written without spaces between words: their secret words may touch the words around them. */
const SECRET_WORDS_UNSPACED = [
  ...['パスワード', 'パスフレーズ', '暗証番号'], // Japanese
  ...['密码', '密碼', '口令'], // Chinese
  ...['암호', '비밀번호', '패스워드'], // Korean
];

const letterOrDigit = '[\\p{L}\\p{N}\\p{M}]';
const secretWord = new RegExp(
  `(?<!${letterOrDigit})(?:${SECRET_WORDS.join('|')})(?!${letterOrDigit})|${SECRET_WORDS_UNSPACED.join('|')}`,
  'giu',
);

/** Words that may follow a secret's name: "password for alice", "mot de passe de alice", "PIN for 'card'"… */
const FOLLOWING_WORDS = [
  'for', 'of', 'to', 'on', 'at', 'from', 'with', // English
  'de', 'du', 'des', 'pour', // French
  'für', 'fuer', 'von', 'zu', // German
  'para', 'por', 'do', 'da', 'di', 'per', // Spanish, Portuguese, Italian
  'voor', 'van', 'för', 'til', 'pro', 'na', 'dla', 'użytkownika', 'uživatele', // Dutch, Nordic, Czech, Polish
  'для', 'от', 'пользователя', // Russian
];
const AGAIN_WORDS = [
  'again', 'erneut', 'nochmal', 'encore', 'de nouveau', 'otra vez', 'de nuevo', 'novamente', 'di nuovo',
  'opnieuw', 'igen', 'ponownie', 'znovu', 'uudelleen', 'ещё раз', 'еще раз',
];

/**
 * What may come between the secret's name and the colon: parenthesised or bracketed notes
 * ("(again)", "(will be hidden)", "[None]"), "again" / ", try again", and a trailing "for <anything>".
 * Anything else ("password has expired", "password is") means the line is a sentence, not a prompt.
 */
const allowedTail = new RegExp(
  `^(?:\\s*\\([^)]*\\)|\\s*\\[[^\\]]*\\]|\\s*,?\\s*(?:(?:try|enter|type)\\s+)?(?:${AGAIN_WORDS.join('|')}))*` +
    `\\s*(?:(?:${FOLLOWING_WORDS.join('|')})\\s.*)?$`,
  'isu',
);

/** Shell prompts end in one of these before the command: `$ echo password:` is a command, not a prompt. */
const shellPromptSigil = /[$#%>❯»](?:\s|$)/u;
/** Quotes, pipes and assignments before the secret's name mean a command line, not a prompt. */
const commandLike = /["`|=;&]/u;
/** A prompt names the secret within its first few words. */
const MAX_PREFIX_LENGTH = 80;
/** Only the end of the text matters; the rest is earlier output. */
const MAX_EXAMINED_LENGTH = 400;

/**
 * Whether the text before the host's cursor is a prompt for a secret: the last line ends with a colon
 * (`:` or the full-width `：`, spaces after it ignored), and its last sentence names a secret near the
 * start ("Password", "[sudo] password for alice", "alice@host's password", "Enter passphrase for key …",
 * "Enter PIN for …", "Verification code", "Retype new password", localised forms), followed only by
 * notes, "again" or "for …". Ordinary prompts (`user@host:~$ `), commands (`$ echo password:`) and
 * sentences that mention a password do not match.
 */
export function looksLikeSecretPrompt(textBeforeCursor: string): boolean {
  const tail = textBeforeCursor.slice(-MAX_EXAMINED_LENGTH);
  const lastLine = (tail.split(/\r\n|\r|\n/).pop() ?? '').trimEnd();
  if (!lastLine.endsWith(':') && !lastLine.endsWith('：')) return false;
  const label = lastLine.slice(0, -1).trimEnd();
  const sentence = label.split(/(?<=[.!?。！？])\s+/u).pop() ?? '';

  for (const match of sentence.matchAll(secretWord)) {
    const before = sentence.slice(0, match.index);
    const after = sentence.slice(match.index + match[0].length);
    if (before.length > MAX_PREFIX_LENGTH) break;
    if (shellPromptSigil.test(before) || commandLike.test(before)) continue;
    // The name starts a word: "cat /etc/passwd:" is a path, not a prompt.
    if (/[^\s([]$/u.test(before) && !SECRET_WORDS_UNSPACED.includes(match[0])) continue;
    if (allowedTail.test(after)) return true;
  }
  return false;
}
