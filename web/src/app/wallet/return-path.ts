/**
 * A path of this app to send the browser back to (`/pay/tok_1`), or null: never another site
 * (`//evil.example`, `/\evil.example`, `https://…`), never a control character.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > 2000) {
    return null;
  }
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(value)) {
    return null;
  }
  try {
    // what the browser would make of it: still this origin
    const base = 'https://this.invalid';
    return new URL(value, base).origin === base ? value : null;
  } catch {
    return null;
  }
}

/** The funding the browser went to the checkout for, kept across the round trip. */
export interface PendingFunding {
  id: string;
  return_to: string | null;
}

const KEY = 'lightweight.funding';

export function rememberFunding(funding: PendingFunding, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(funding));
}

export function pendingFunding(storage: Storage = sessionStorage): PendingFunding | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as PendingFunding | null;
    return value && typeof value.id === 'string' ? { id: value.id, return_to: safeReturnPath(value.return_to) } : null;
  } catch {
    return null;
  }
}

export function forgetFunding(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
