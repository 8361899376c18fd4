import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { DomSanitizer } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { catchError, firstValueFrom, of } from 'rxjs';
import { Invoice, InvoicesApi, LifecycleMove } from '../api/invoices-api';
import { ApiProblem } from '../api/problem';
import { LiveUpdates } from '../shell/live-updates';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';
import { TimelineEntry, markNew, timelineFrom, timelineOf } from './timeline';

const MOVE_TEXT: Record<LifecycleMove, string> = {
  issue: 'issued',
  send: 'sent',
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

  /**
   * The server's timeline, fetched again on every live event about the invoice and after every
   * move; null where the server has none (404 before timelines, or it failed): then the timeline
   * comes from the invoice's own timestamps.
   */
  private readonly history = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.timeline(id).pipe(catchError(() => of(null))),
  });
  /** The entries' keys when the page first showed them: later ones are marked live. */
  private readonly firstShown = signal<ReadonlySet<string> | null>(null);
  private readonly entries = computed<TimelineEntry[] | null>(() => {
    const invoice = this.invoice();
    if (!invoice || this.history.isLoading() && !this.history.hasValue()) {
      return null;
    }
    const server = this.history.hasValue() ? this.history.value() : null;
    return server ? timelineFrom(server.items, invoice) : timelineOf(invoice);
  });
  protected readonly timeline = computed(() => markNew(this.entries() ?? [], this.firstShown()));
  protected readonly sent = signal<string | null>(null);
  protected readonly pdfUrl = computed(() => this.api.pdfUrl(this.id()));
  protected readonly pdfFrameUrl = computed(() => this.sanitizer.bypassSecurityTrustResourceUrl(this.pdfUrl()));

  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly payingOutside = signal(false);
  protected readonly confirmingVoid = signal(false);
  protected readonly reference = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] });

  constructor() {
    effect(() => {
      const entries = this.entries();
      if (entries && untracked(this.firstShown) === null) {
        this.firstShown.set(new Set(entries.map((entry) => entry.key)));
      }
    });
    effect((onCleanup) => {
      const subscription = this.live.about<Invoice>(this.id()).subscribe((event) => {
        if (event.type === 'invoice.deleted') {
          void this.router.navigate(['/invoices']);
          return;
        }
        const data = event.data as Partial<Invoice> & { tenant?: string };
        if (event.type.startsWith('invoice.') && data.id === this.id() && typeof data.version === 'number') {
          const { tenant: _tenant, ...invoice } = data;
          const current = this.invoice();
          if (!current || invoice.version! >= current.version) {
            this.invoice.set(invoice as Invoice);
          }
        }
        // the server's timeline has this event now (and each entry once): ask for it again
        this.history.reload();
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
      this.history.reload();
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

  /** Emails the invoice to the customer (a reminder when it was sent already). */
  protected async send(): Promise<void> {
    const invoice = this.invoice();
    if (!invoice) {
      return;
    }
    const reminder = invoice.status === 'sent';
    this.busy.set(true);
    this.problem.set(null);
    this.sent.set(null);
    try {
      const answer = await firstValueFrom(this.api.send(invoice.id));
      if ('invoice' in answer) {
        this.invoice.set(answer.invoice);
        this.sent.set('Marked as sent.');
      } else {
        const what = answer.queued.kind === 'reminder' || reminder ? 'The reminder' : 'The invoice';
        const to = answer.queued.recipient ?? invoice.customer?.email ?? 'the customer';
        this.sent.set(`${what} is on its way to ${to}. Its delivery shows on the timeline.`);
        if (answer.queued.invoice) {
          this.invoice.set(answer.queued.invoice);
        } else {
          this.loaded.reload();
        }
      }
      this.history.reload();
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      if (error.status === 409) {
        this.problem.set(conflict(error, 'send', invoice));
        this.loaded.reload();
      } else if (error.status === 422) {
        this.problem.set(noEmail(error));
      } else {
        this.problem.set(error);
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

/** A 422 of a send in words: the customer has no email address to send it to. */
export function noEmail(problem: ApiProblem): ApiProblem {
  return new ApiProblem(
    422,
    'This invoice cannot be emailed',
    `${problem.detail ?? problem.title}. Add an email address to the customer (Customers), then send it again.`,
  );
}

/** A 409 in words: the invoice's state did not allow the move (someone else may have moved it). */
export function conflict(problem: ApiProblem, move: LifecycleMove, invoice: Invoice): ApiProblem {
  return new ApiProblem(
    409,
    `This invoice cannot be ${MOVE_TEXT[move]} now`,
    `${problem.detail ?? problem.title}. It was ${invoice.status} when you opened it; it may have changed in another window, so it has been reloaded.`,
  );
}
