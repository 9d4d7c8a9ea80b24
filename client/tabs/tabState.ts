// What a tab is doing, as the tab strip and the automation surface name it.
import type { SessionState } from '../session/sessionState.js';

export type TabState = 'launcher' | SessionState;
