// Decides which authentication to try next, in OpenSSH's order, asking the browser for secrets when needed.
import fs from 'node:fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, ParsedKey, Prompt } from 'ssh2';
import ssh2 from 'ssh2';
import type { SshTarget } from './target.js';

/**
 * What the page is asked to show: a passphrase, a password, or the host's own prompts (2FA). `title` is longhaul's
 * words; for keyboard-interactive, `hostName`, `instructions` and the prompts are the host's, shown quoted as such.
 */
export interface SecretRequest {
  kind: 'passphrase' | 'password' | 'keyboard-interactive';
  title: string;
  hostName?: string;
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
    const prompt = (name: string, instructions: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
      if (prompts.length === 0) return finish([]);
      deps
        .ask(hostQuestion(target, name, instructions, prompts))
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
      title: `Password for ${userAtHost(target)}`,
      instructions: attempt === 0 ? '' : 'Permission denied, please try again.',
      prompts: [{ text: `${username}@${target.host}'s password:`, echo: false }],
    });
    if (answers === null) break;
    allowed = yield { type: 'password', username, password: answers[0] ?? '', family: 'password', description: 'password' };
  }
}

/** `alice@de1` as the user would write it: the typed target, with the user in front unless they typed one. */
export function userAtHost(target: Pick<SshTarget, 'label' | 'user'>): string {
  return target.label.includes('@') ? target.label : `${target.user}@${target.label}`;
}

/** The host as the user typed it, without a user name: whose question a keyboard-interactive prompt is. */
export function typedHost(target: Pick<SshTarget, 'label'>): string {
  return target.label.slice(target.label.lastIndexOf('@') + 1);
}

/**
 * A keyboard-interactive question. The host chooses every word of it (its name too), so a hostile host could word it
 * as longhaul's own passphrase question; the title is therefore fixed, naming the host by what the user typed, and
 * the host's words travel apart from it, to be shown as the host's.
 */
export function hostQuestion(target: Pick<SshTarget, 'label'>, name: string, instructions: string, prompts: readonly Prompt[]): SecretRequest {
  return {
    kind: 'keyboard-interactive',
    title: `${typedHost(target)} asks:`,
    hostName: name,
    instructions,
    prompts: prompts.map((p) => ({ text: p.prompt, echo: Boolean(p.echo) })),
  };
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
