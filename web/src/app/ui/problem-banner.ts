import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ApiProblem, FieldError } from '../api/problem';

/** A failed call, said plainly, with a way to try again when that can help. */
@Component({
  selector: 'app-problem-banner',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as problem) {
      <div class="banner" role="alert">
        <strong>{{ problem.title }}</strong>
        @if (problem.detail) {
          <span>{{ problem.detail }}</span>
        }
        @if (unmatched().length) {
          <ul>
            @for (error of unmatched(); track error.pointer) {
              <li>{{ error.pointer }}: {{ error.message }}</li>
            }
          </ul>
        }
        @if (retryable()) {
          <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
        }
      </div>
    }
  `,
  styles: `
    .banner {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      padding: 0.75rem 1rem;
      margin: 0 0 1rem;
      border-radius: 8px;
      border-left: 4px solid var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    ul { flex-basis: 100%; margin: 0; padding-left: 1.25rem; }
  `,
})
export class ProblemBanner {
  readonly problem = input<ApiProblem | null | undefined>(null);
  readonly unmatched = input<readonly FieldError[]>([]);
  readonly retryable = input(false);
  readonly retry = output<void>();
}
