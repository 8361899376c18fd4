import { Injectable } from '@angular/core';

/** Full page loads (sign-in, sign-out at the provider): the one place that touches `location`. */
@Injectable({ providedIn: 'root' })
export class PageNavigation {
  go(url: string): void {
    window.location.assign(url);
  }

  currentPath(): string {
    return window.location.pathname + window.location.search;
  }
}
