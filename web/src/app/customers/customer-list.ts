import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { Customer, InvoicesApi } from '../api/invoices-api';
import { ApiProblem } from '../api/problem';
import { ProblemBanner } from '../ui/problem-banner';

/** The business's customers, searchable, a page at a time. */
@Component({
  selector: 'app-customer-list',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ProblemBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-list.html',
  styleUrl: './customer-list.scss',
})
export class CustomerList {
  private readonly api = inject(InvoicesApi);

  protected readonly search = new FormControl('', { nonNullable: true });
  private readonly query = toSignal(
    this.search.valueChanges.pipe(debounceTime(300), map((q) => q.trim()), distinctUntilChanged()),
    { initialValue: '' },
  );
  /** Cursors of the pages up to the current one (the last); a new search starts again. */
  protected readonly cursors = linkedSignal<string, (string | null)[]>({ source: this.query, computation: () => [null] });

  protected readonly page = rxResource({
    params: () => ({ q: this.query(), cursor: this.cursors().at(-1) ?? null }),
    stream: ({ params }) => this.api.listCustomers({ q: params.q || null, cursor: params.cursor, limit: 20 }),
  });
  protected readonly problem = computed(() => this.page.error() as ApiProblem | undefined);
  protected readonly customers = computed<Customer[]>(() => (this.page.hasValue() ? this.page.value().data : []));
  protected readonly nextCursor = computed(() => (this.page.hasValue() ? this.page.value().next_cursor : null));

  protected next(): void {
    const cursor = this.nextCursor();
    if (cursor) {
      this.cursors.update((cursors) => [...cursors, cursor]);
    }
  }

  protected previous(): void {
    this.cursors.update((cursors) => (cursors.length > 1 ? cursors.slice(0, -1) : cursors));
  }
}
