import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { debounceTime, map } from 'rxjs';
import { INVOICE_STATUSES, InvoiceFilter, InvoiceStatus, InvoicesApi } from '../api/invoices-api';
import { allPages } from '../api/all-pages';
import { ApiProblem } from '../api/problem';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';

/** The invoices, with the API's filters and cursor paging. */
@Component({
  selector: 'app-invoice-list',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MoneyPipe, ProblemBanner, StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoice-list.html',
  styleUrl: './invoice-list.scss',
})
export class InvoiceList {
  private readonly api = inject(InvoicesApi);

  protected readonly statuses = INVOICE_STATUSES;
  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    status: new FormControl<InvoiceStatus | ''>('', { nonNullable: true }),
    customer_id: new FormControl('', { nonNullable: true }),
    overdue: new FormControl<'' | 'true' | 'false'>('', { nonNullable: true }),
    issue_date_from: new FormControl('', { nonNullable: true }),
    issue_date_to: new FormControl('', { nonNullable: true }),
  });
  private readonly filter = toSignal(
    this.filters.valueChanges.pipe(debounceTime(300), map(() => toFilter(this.filters.getRawValue()))),
    { initialValue: {} as InvoiceFilter },
  );
  protected readonly cursors = linkedSignal<InvoiceFilter, (string | null)[]>({ source: this.filter, computation: () => [null] });

  protected readonly page = rxResource({
    params: () => ({ ...this.filter(), cursor: this.cursors().at(-1) ?? null, limit: 20 }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly customers = rxResource({
    stream: () => allPages((cursor) => this.api.listCustomers({ limit: 100, cursor }), 5).pipe(map((r) => r.items)),
    defaultValue: [],
  });
  protected readonly problem = computed(() => this.page.error() as ApiProblem | undefined);
  protected readonly invoices = computed(() => (this.page.hasValue() ? this.page.value().data : []));
  protected readonly nextCursor = computed(() => (this.page.hasValue() ? this.page.value().next_cursor : null));
  protected readonly filtered = computed(() => Object.keys(this.filter()).length > 0);

  protected next(): void {
    const cursor = this.nextCursor();
    if (cursor) {
      this.cursors.update((cursors) => [...cursors, cursor]);
    }
  }

  protected previous(): void {
    this.cursors.update((cursors) => (cursors.length > 1 ? cursors.slice(0, -1) : cursors));
  }

  protected clearFilters(): void {
    this.filters.reset();
  }
}

/** The form's values as the API's query: only what is set. */
export function toFilter(value: {
  q: string; status: InvoiceStatus | ''; customer_id: string; overdue: '' | 'true' | 'false';
  issue_date_from: string; issue_date_to: string;
}): InvoiceFilter {
  const filter: InvoiceFilter = {};
  if (value.q.trim()) filter.q = value.q.trim();
  if (value.status) filter.status = value.status;
  if (value.customer_id) filter.customer_id = value.customer_id;
  if (value.overdue) filter.overdue = value.overdue === 'true';
  if (value.issue_date_from) filter.issue_date_from = value.issue_date_from;
  if (value.issue_date_to) filter.issue_date_to = value.issue_date_to;
  return filter;
}
