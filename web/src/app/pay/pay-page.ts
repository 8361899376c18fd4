import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { DomSanitizer } from '@angular/platform-browser';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import { InvoicesApi, PublicInvoice } from '../api/invoices-api';
import { Money } from '../api/money';
import { ApiProblem } from '../api/problem';
import { Session } from '../api/auth-api';
import { SessionStore } from '../shell/session';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { StatusChip } from '../ui/status-chip';
import { safeReturnPath } from '../wallet/return-path';

/** Not enough money in the payer's wallet: how much is missing, and where to pay it in. */
export interface Shortfall {
  missing: Money;
  fundingPath: string;
}

/**
 * The pay link's page, for the business's customer: the invoice and its PDF without sign-in, and
 * paying it from the payer's wallet (sign-in first, funding the wallet when it holds too little).
 */
@Component({
  selector: 'app-pay-page',
  imports: [MatButtonModule, MatProgressBarModule, MoneyPipe, ProblemBanner, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './pay-page.html',
  styleUrl: './pay-page.scss',
})
export class PayPage implements OnInit {
  private readonly api = inject(InvoicesApi);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly sessions = inject(SessionStore);

  readonly token = input.required<string>();

  protected readonly loaded = rxResource({ params: () => this.token(), stream: ({ params }) => this.api.publicInvoice(params) });
  /** The invoice as loaded, then as the payment's answer left it. */
  protected readonly invoice = linkedSignal<PublicInvoice | null>(() => (this.loaded.hasValue() ? this.loaded.value() : null));
  protected readonly problem = computed(() => this.loaded.error() as ApiProblem | undefined);
  protected readonly pdfUrl = computed(() => this.api.publicPdfUrl(this.token()));
  protected readonly pdfFrameUrl = computed(() => this.sanitizer.bypassSecurityTrustResourceUrl(this.pdfUrl()));
  protected readonly payable = computed(() => {
    const invoice = this.invoice();
    return !!invoice && (invoice.status === 'issued' || invoice.status === 'sent') && invoice.totals.amount_due.amount > 0;
  });

  /** Who is signed in (undefined while asking; null: nobody). */
  protected readonly payer = signal<Session | null | undefined>(undefined);
  protected readonly paying = signal(false);
  protected readonly paid = signal(false);
  protected readonly payProblem = signal<ApiProblem | null>(null);
  protected readonly shortfall = signal<Shortfall | null>(null);

  ngOnInit(): void {
    this.sessions.load().then(
      (session) => this.payer.set(session),
      () => this.payer.set(null),
    );
  }

  /** To the sign-in, and back to this page. */
  protected signInToPay(): void {
    this.sessions.signIn(`/pay/${encodeURIComponent(this.token())}`);
  }

  protected async pay(): Promise<void> {
    this.paying.set(true);
    this.payProblem.set(null);
    this.shortfall.set(null);
    try {
      const invoice = await firstValueFrom(this.api.payPublic(this.token()));
      this.invoice.set(invoice);
      this.paid.set(invoice.status === 'paid');
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      this.explain(error);
    } finally {
      this.paying.set(false);
    }
  }

  private explain(problem: ApiProblem): void {
    const due = this.invoice()?.totals.amount_due;
    const missing = shortfallOf(problem, due?.currency);
    if (problem.status === 409 && missing) {
      this.shortfall.set({ missing, fundingPath: fundingPathOf(problem, missing, this.token()) });
    } else if (problem.status === 409) {
      this.payProblem.set(new ApiProblem(409, 'This invoice cannot be paid now', `${problem.summary}. It has been loaded again.`));
      this.loaded.reload();
    } else if (problem.status === 503 || problem.status === 502) {
      this.payProblem.set(new ApiProblem(problem.status, 'Payments are unavailable right now', 'Nothing was taken from your wallet. Try again in a minute.'));
    } else if (problem.status === 401) {
      this.payProblem.set(new ApiProblem(401, 'Your sign-in has ended', 'Sign in again to pay.'));
      this.payer.set(null);
    } else if (problem.status === 403) {
      this.payProblem.set(new ApiProblem(403, 'Paying is not allowed for this account', problem.summary));
    } else {
      this.payProblem.set(problem);
    }
  }
}

/** The `shortfall` of an `insufficient-funds` problem (`{amount, currency}`, or minor units). */
export function shortfallOf(problem: ApiProblem, currency: string | undefined): Money | null {
  const value = problem.extensions['shortfall'];
  const named = typeof problem.extensions['currency'] === 'string' ? (problem.extensions['currency'] as string) : currency;
  if (typeof value === 'number' && named) {
    return { amount: value, currency: named };
  }
  if (typeof value === 'object' && value !== null) {
    const money = value as Partial<Money>;
    const code = typeof money.currency === 'string' ? money.currency : (problem.extensions['currency'] as string | undefined) ?? currency;
    if (typeof money.amount === 'number' && code) {
      return { amount: money.amount, currency: code };
    }
  }
  return null;
}

/** The wallet page to pay the missing money in and come back: the server's `funding_url` when it is a path of this app. */
export function fundingPathOf(problem: ApiProblem, missing: Money, token: string): string {
  const given = problem.extensions['funding_url'];
  if (typeof given === 'string') {
    const path = safeReturnPath(given.startsWith(location.origin) ? given.slice(location.origin.length) : given);
    if (path) {
      return path;
    }
  }
  const query = new URLSearchParams({ currency: missing.currency, amount: String(missing.amount), return_to: `/pay/${token}` });
  return `/wallet?${query}`;
}
