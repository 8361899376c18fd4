import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { catchError, throwError } from 'rxjs';

/** One wrong field of a request, named by JSON pointer (`/lines/0/quantity`). */
export interface FieldError {
  pointer: string;
  message: string;
}

/**
 * What a failed call tells the person: an RFC 9457 problem as the services answer it, or one made
 * up here when the answer was not one (network down, a proxy's HTML page).
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null = null,
    readonly errors: readonly FieldError[] = [],
    readonly type: string | null = null,
    /** the problem's other members (RFC 9457 extensions), e.g. `shortfall`, `funding_url`, `service` */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiProblem';
  }

  /** The sentence to show when no field names the mistake. */
  get summary(): string {
    return this.detail ?? this.title;
  }

  static from(response: HttpErrorResponse): ApiProblem {
    const body = typeof response.error === 'string' ? parseJson(response.error) : response.error;
    if (isProblem(body)) {
      const errors = Array.isArray(body.errors)
        ? body.errors.filter((e): e is FieldError => typeof e?.pointer === 'string' && typeof e?.message === 'string')
        : [];
      return new ApiProblem(
        typeof body.status === 'number' ? body.status : response.status,
        body.title ?? response.statusText ?? 'Request failed',
        body.detail ?? null,
        errors,
        body.type ?? null,
        extensionsOf(body),
      );
    }
    if (response.status === 0) {
      return new ApiProblem(0, 'No connection', 'The server cannot be reached. Check your connection and try again.');
    }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      return new ApiProblem(response.status, 'Service unavailable', 'This part of Lightweight is not answering right now. Try again in a moment.');
    }
    return new ApiProblem(response.status, response.statusText || 'Request failed');
  }
}

interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer?: unknown; message?: unknown }[];
}

const MEMBERS = new Set(['type', 'title', 'status', 'detail', 'errors', 'instance']);

function extensionsOf(body: ProblemBody): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => !MEMBERS.has(name)));
}

function isProblem(body: unknown): body is ProblemBody {
  // a network failure's body is a ProgressEvent, which has a `type` too: ask for a title
  return typeof body === 'object' && body !== null && typeof (body as ProblemBody).title === 'string';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Every failed HTTP call becomes an {@link ApiProblem}: callers handle one error type. */
export const problemInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(
    catchError((error: unknown) =>
      throwError(() => (error instanceof HttpErrorResponse ? ApiProblem.from(error) : error)),
    ),
  );
