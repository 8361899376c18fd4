import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { DomSanitizer } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import { Invoice, InvoicesApi, LifecycleMove } from '../api/invoices-api';
import { ApiProblem } from '../api/problem';
import { LiveUpdates } from '../shell/live-updates';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';
import { TimelineEntry, timelineEntry, timelineOf } from './timeline';

const MOVE_TEXT: Record<LifecycleMove, string> = {
  issue: 'issued',
  send: 'marked as sent',
  void: 'voided',
  'mark-paid': 'marked as paid',
};

/** One invoice: its PDF, the moves its status allows, and what happened to it, live. */
@Component({
  selector: 'app-invoice-detail',
  imports: [
    DatePipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MoneyPipe, ProblemBanner, StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoice-detail.html',
  styleUrl: './invoice-detail.scss',
})
export class InvoiceDetail {
  private readonly api = inject(InvoicesApi);
  private readonly router = inject(Router);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly live = inject(LiveUpdates);

  readonly id = input.required<string>();

  private readonly loaded = rxResource({ params: () => this.id(), stream: ({ params: id }) => this.api.invoice(id) });
  /** The invoice as last heard of: loaded, then replaced by each move's answer and each live event. */
  protected readonly invoice = linkedSignal<Invoice | null>(() => (this.loaded.hasValue() ? this.loaded.value() : null));
  protected readonly loadProblem = computed(() => this.loaded.error() as ApiProblem | undefined);
  protected readonly loading = this.loaded.isLoading;
  private readonly liveEntries = signal<TimelineEntry[]>([]);
  protected readonly timeline = computed(() => {
    const invoice = this.invoice();
    return invoice ? [...timelineOf(invoice), ...this.liveEntries()].sort((a, b) => a.at.localeCompare(b.at)) : [];
  });
  protected readonly pdfUrl = computed(() => this.api.pdfUrl(this.id()));
  protected readonly pdfFrameUrl = computed(() => this.sanitizer.bypassSecurityTrustResourceUrl(this.pdfUrl()));

  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly payingOutside = signal(false);
  protected readonly confirmingVoid = signal(false);
  protected readonly reference = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] });

  constructor() {
    effect((onCleanup) => {
      const subscription = this.live.about<Invoice>(this.id()).subscribe((event) => {
        if (event.type === 'invoice.deleted') {
          void this.router.navigate(['/invoices']);
          return;
        }
        const { tenant: _tenant, ...invoice } = event.data as Invoice & { tenant?: string };
        const current = this.invoice();
        if (!current || invoice.version >= current.version) {
          this.invoice.set(invoice);
        }
        this.liveEntries.update((entries) => [...entries, timelineEntry(event)]);
      });
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected reload(): void {
    this.loaded.reload();
  }

  protected async move(move: LifecycleMove): Promise<void> {
    const invoice = this.invoice();
    if (!invoice) {
      return;
    }
    if (move === 'mark-paid' && this.reference.invalid) {
      this.reference.markAsTouched();
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const body = move === 'mark-paid' ? { reference: this.reference.value.trim() } : null;
      this.invoice.set(await firstValueFrom(this.api.move(invoice.id, move, body)));
      this.payingOutside.set(false);
      this.confirmingVoid.set(false);
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      this.problem.set(error.status === 409 ? conflict(error, move, invoice) : error);
      if (error.status === 409) {
        this.loaded.reload();
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected async deleteDraft(): Promise<void> {
    const invoice = this.invoice();
    if (!invoice) {
      return;
    }
    this.busy.set(true);
    try {
      await firstValueFrom(this.api.deleteDraft(invoice.id, invoice.version));
      await this.router.navigate(['/invoices']);
    } catch (error) {
      this.problem.set(error instanceof ApiProblem ? error : null);
    } finally {
      this.busy.set(false);
    }
  }
}

/** A 409 in words: the invoice's state did not allow the move (someone else may have moved it). */
export function conflict(problem: ApiProblem, move: LifecycleMove, invoice: Invoice): ApiProblem {
  return new ApiProblem(
    409,
    `This invoice cannot be ${MOVE_TEXT[move]} now`,
    `${problem.detail ?? problem.title}. It was ${invoice.status} when you opened it; it may have changed in another window, so it has been reloaded.`,
  );
}
