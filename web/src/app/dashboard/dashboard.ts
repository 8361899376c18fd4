import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { forkJoin, map } from 'rxjs';
import { InvoiceStatus, InvoicesApi } from '../api/invoices-api';
import { allPages } from '../api/all-pages';
import { ApiProblem } from '../api/problem';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';
import { figuresByCurrency } from './figures';

/** What is owed, what is late, what came in this month, and the latest invoices. */
@Component({
  selector: 'app-dashboard',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, MoneyPipe, ProblemBanner, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.html',
  styleUrl: './dashboard.scss',
})
export class Dashboard {
  private readonly invoices = inject(InvoicesApi);

  private readonly open = rxResource({
    stream: () => {
      const every = (status: InvoiceStatus) =>
        allPages((cursor) => this.invoices.list({ status, limit: 100, cursor }));
      return forkJoin([every('issued'), every('sent'), every('paid')]).pipe(
        map((lists) => ({
          invoices: lists.flatMap((list) => list.items),
          complete: lists.every((list) => list.complete),
        })),
      );
    },
  });
  protected readonly recent = rxResource({
    stream: () => this.invoices.list({ limit: 5 }).pipe(map((page) => page.data)),
  });

  protected readonly loading = computed(() => this.open.isLoading());
  protected readonly problem = computed(() => this.open.error() as ApiProblem | undefined);
  protected readonly complete = computed(() => (this.open.hasValue() ? this.open.value().complete : true));
  protected readonly figures = computed(() =>
    this.open.hasValue() ? figuresByCurrency(this.open.value().invoices, new Date()) : [],
  );
  protected readonly recentProblem = computed(() => this.recent.error() as ApiProblem | undefined);

  protected reload(): void {
    this.open.reload();
    this.recent.reload();
  }
}
