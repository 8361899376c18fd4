/** One page of a list: `next_cursor` fetches the next, null at the end. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
