// A terminal tab's session as an explicit state machine: one transition function, impossible steps throw.

export type SessionState = 'connecting' | 'host-key' | 'prompt' | 'ready' | 'closed';

export type SessionEvent =
  | 'status' // the bridge reports progress
  | 'host-key' // the bridge asks to trust an unknown host key
  | 'host-key-answered'
  | 'prompt' // the bridge asks for a secret
  | 'prompt-answered'
  | 'ready' // the shell is open
  | 'closed' // the bridge ended the session
  | 'lost' // the connection to the bridge dropped
  | 'reconnect'; // the user asked to connect again

const transitions: Record<SessionState, Partial<Record<SessionEvent, SessionState>>> = {
  connecting: { status: 'connecting', 'host-key': 'host-key', prompt: 'prompt', ready: 'ready', closed: 'closed', lost: 'closed' },
  'host-key': { 'host-key-answered': 'connecting', closed: 'closed', lost: 'closed' },
  prompt: { 'prompt-answered': 'connecting', closed: 'closed', lost: 'closed' },
  ready: { closed: 'closed', lost: 'closed' },
  closed: { reconnect: 'connecting' },
};

export class ImpossibleTransition extends Error {
  constructor(
    readonly state: SessionState,
    readonly event: SessionEvent,
  ) {
    super(`'${event}' cannot happen while the session is '${state}'`);
  }
}

export function nextSessionState(state: SessionState, event: SessionEvent): SessionState {
  const next = transitions[state][event];
  if (next === undefined) throw new ImpossibleTransition(state, event);
  return next;
}
