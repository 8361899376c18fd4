import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { DomSanitizer } from '@angular/platform-browser';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { InvoicesApi } from '../api/invoices-api';
import { ApiProblem } from '../api/problem';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';

/** The pay link's page, for the business's customer: no sign-in, the invoice and its PDF. */
@Component({
  selector: 'app-pay-page',
  imports: [MatButtonModule, MatProgressBarModule, MoneyPipe, ProblemBanner, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './pay-page.html',
  styleUrl: './pay-page.scss',
})
export class PayPage {
  private readonly api = inject(InvoicesApi);
  private readonly sanitizer = inject(DomSanitizer);

  readonly token = input.required<string>();

  protected readonly invoice = rxResource({ params: () => this.token(), stream: ({ params }) => this.api.publicInvoice(params) });
  protected readonly problem = computed(() => this.invoice.error() as ApiProblem | undefined);
  protected readonly pdfUrl = computed(() => this.api.publicPdfUrl(this.token()));
  protected readonly pdfFrameUrl = computed(() => this.sanitizer.bypassSecurityTrustResourceUrl(this.pdfUrl()));
}
