// Decides which authentication to try next, in OpenSSH's order, asking the browser for secrets when needed.
import fs from 'node:fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, ParsedKey, Prompt } from 'ssh2';
import ssh2 from 'ssh2';
import type { SshTarget } from './target.js';

/** What the page is asked to show: a passphrase, a password, or the host's own prompts (2FA). */
export interface SecretRequest {
  kind: 'passphrase' | 'password' | 'keyboard-interactive';
  title: string;
  instructions: string;
  prompts: { text: string; echo: boolean }[];
}

/** Resolves to the answers, or null when the user cancelled. Answers are used once and never stored. */
export type AskSecrets = (request: SecretRequest) => Promise<string[] | null>;

export interface AuthenticatorDeps {
  /** `SSH_AUTH_SOCK`, when an agent is running. */
  agentSocket?: string;
  ask: AskSecrets;
  /** Told of each method as it is tried (for the status line and the connection timeline). */
  onAttempt?: (description: string) => void;
  readFile?: (file: string) => Buffer;
}

/** OpenSSH's NumberOfPasswordPrompts. */
const TRIES_PER_SECRET = 3;

type Step = AnyAuthMethod & { family: 'none' | 'publickey' | 'keyboard-interactive' | 'password'; description: string };

/**
 * Build ssh2's authHandler: first `none` (to learn what the host accepts), then public keys (agent, then each
 * identity file, asking for passphrases), then keyboard-interactive, then password — OpenSSH's default order.
 */
export function createAuthHandler(target: SshTarget, deps: AuthenticatorDeps): AuthHandlerMiddleware {
  const steps = planSteps(target, deps);
  let cancelled = false;
  return (methodsLeft, _partialSuccess, next) => {
    void (async () => {
      const allowed = methodsLeft ?? ['none'];
      for (;;) {
        const { value: step, done } = await steps.next(allowed);
        if (done || cancelled) return next(false as never);
        if (step.family === 'none' || allowed.includes(step.family)) {
          deps.onAttempt?.(step.description);
          return next(step);
        }
      }
    })().catch(() => {
      cancelled = true;
      next(false as never);
    });
  };
}

async function* planSteps(target: SshTarget, deps: AuthenticatorDeps): AsyncGenerator<Step, void, string[]> {
  const username = target.user;
  let allowed: string[] = yield { type: 'none', username, family: 'none', description: 'none' };

  if (allowed.includes('publickey')) {
    if (deps.agentSocket && !target.identitiesOnly) {
      allowed = yield { type: 'agent', username, agent: deps.agentSocket, family: 'publickey', description: 'agent' };
    }
    for (const file of target.identityFiles) {
      if (!allowed.includes('publickey')) break;
      const key = await loadIdentity(file, target, deps);
      if (key) allowed = yield { type: 'publickey', username, key, family: 'publickey', description: `key ${file}` };
    }
  }

  for (let attempt = 0; attempt < TRIES_PER_SECRET && allowed.includes('keyboard-interactive'); attempt++) {
    let userCancelled = false;
    const prompt = (_name: string, instructions: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
      if (prompts.length === 0) return finish([]);
      deps
        .ask({
          kind: 'keyboard-interactive',
          title: `${_name || 'Verification'} for ${username}@${target.label}`,
          instructions,
          prompts: prompts.map((p) => ({ text: p.prompt, echo: Boolean(p.echo) })),
        })
        .then((answers) => {
          if (answers === null) userCancelled = true;
          finish(answers ?? prompts.map(() => ''));
        }, () => finish([]));
    };
    allowed = yield { type: 'keyboard-interactive', username, prompt, family: 'keyboard-interactive', description: 'keyboard-interactive' };
    if (userCancelled) break;
  }

  for (let attempt = 0; attempt < TRIES_PER_SECRET && allowed.includes('password'); attempt++) {
    const answers = await deps.ask({
      kind: 'password',
      title: `Password for ${username}@${target.label}`,
      instructions: attempt === 0 ? '' : 'Permission denied, please try again.',
      prompts: [{ text: `${username}@${target.host}'s password:`, echo: false }],
    });
    if (answers === null) break;
    allowed = yield { type: 'password', username, password: answers[0] ?? '', family: 'password', description: 'password' };
  }
}

/** Read a private key, asking for its passphrase if it is encrypted. Missing or unusable keys are skipped, as ssh does. */
async function loadIdentity(file: string, target: SshTarget, deps: AuthenticatorDeps): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = (deps.readFile ?? fs.readFileSync)(file);
  } catch {
    return undefined;
  }
  const plain = firstKey(ssh2.utils.parseKey(data));
  if (!(plain instanceof Error)) return plain;
  if (!/passphrase/i.test(plain.message)) return undefined; // not a key ssh2 understands
  for (let attempt = 0; attempt < TRIES_PER_SECRET; attempt++) {
    const answers = await deps.ask({
      kind: 'passphrase',
      title: `Passphrase for ${file}`,
      instructions:
        attempt === 0
          ? `The key ${file} for ${target.label} is encrypted.`
          : 'That passphrase did not unlock the key. Try again.',
      prompts: [{ text: `Enter passphrase for key '${file}':`, echo: false }],
    });
    if (answers === null) return undefined;
    const key = firstKey(ssh2.utils.parseKey(data, answers[0] ?? ''));
    if (!(key instanceof Error)) return key;
  }
  return undefined;
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  if (parsed instanceof Error) return parsed;
  return Array.isArray(parsed) ? (parsed[0] ?? new Error('no key in file')) : parsed;
}
