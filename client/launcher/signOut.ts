// "Sign out everywhere": ends every browser's sign-in to longhaul, this one's included, and says so on the page.
import { AnyAnswer, HttpClient, HttpError } from '../http/httpClient.js';
import { el } from '../util/dom.js';
import './launcher.css';

export const SIGNED_OUT_MESSAGE =
  'Signed out everywhere. Every browser must sign in again: open the address longhaul printed when it started (it ends in ?token=…).';

async function signOut(): Promise<void> {
  try {
    await new HttpClient().post('/api/sign-out-everywhere', undefined, AnyAnswer);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    // Said as before: the status longhaul answered, or why the browser could not ask it.
    throw error.status === 0 && error.cause instanceof Error ? error.cause : new Error(`longhaul answered ${error.status}`);
  }
}

/** The launcher's footer: the button, and where a failure is explained. */
export function signOutEverywhere(): HTMLElement {
  const button = el('button', { type: 'button', class: 'button sign-out-everywhere' }, 'Sign out everywhere');
  const problem = el('p', { class: 'launcher-error', role: 'alert', hidden: true });
  button.addEventListener('click', () => {
    button.disabled = true;
    signOut().then(
      () => {
        // longhaul closes every tab's connection, so nothing of the page is usable any more: say why instead.
        const page = document.getElementById('app') ?? document.body;
        page.replaceChildren(el('p', { class: 'signed-out', role: 'status' }, SIGNED_OUT_MESSAGE));
      },
      (error: Error) => {
        button.disabled = false;
        problem.textContent = `Could not sign out: ${error.message}. Try again.`;
        problem.hidden = false;
      },
    );
  });
  return el('footer', { class: 'launcher-footer' }, button, problem);
}
