import { inject } from '@angular/core';
import { CanActivateFn } from '@angular/router';
import { SessionStore } from './session';

/** Pages of the business need a session; without one the browser goes to sign in and back. */
export const signedIn: CanActivateFn = async (_route, state) => {
  const sessions = inject(SessionStore);
  if (await sessions.load()) {
    return true;
  }
  sessions.signIn(state.url);
  return false;
};
