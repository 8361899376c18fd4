import { EMPTY, Observable, expand, map, reduce, take } from 'rxjs';
import { Page } from './page';

/**
 * Every item of a cursor-paged list, following `next_cursor` for at most `maxPages` pages;
 * `complete` says whether the end was reached.
 */
export function allPages<T>(
  fetch: (cursor: string | null) => Observable<Page<T>>,
  maxPages = 10,
): Observable<{ items: T[]; complete: boolean }> {
  return fetch(null).pipe(
    expand((page) => (page.next_cursor ? fetch(page.next_cursor) : EMPTY)),
    take(maxPages),
    reduce(
      (all, page) => ({ items: all.items.concat(page.data), complete: page.next_cursor === null }),
      { items: [] as T[], complete: false },
    ),
    map((result) => result),
  );
}
