import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { EMPTY, firstValueFrom, switchMap, takeWhile, tap, timer } from 'rxjs';
import { majorText, parseMajor } from '../api/money';
import { showFieldErrors } from '../api/field-errors';
import { ApiProblem, FieldError } from '../api/problem';
import { Funding, WalletTransaction, WalletsApi } from '../api/wallets-api';
import { PageNavigation } from '../shell/page-navigation';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { PendingFunding, forgetFunding, pendingFunding, rememberFunding, safeReturnPath } from './return-path';

/** How often, and how many times, a funding back from the checkout is asked about while pending. */
export const FUNDING_POLL_MS = 1500;
const FUNDING_POLLS = 80;

/**
 * The signed-in user's wallet: balances per currency, paying money in by card (the provider's
 * checkout and back), and each currency's history with cursor pages and a CSV export.
 */
@Component({
  selector: 'app-wallet-page',
  imports: [
    DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MoneyPipe, ProblemBanner,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './wallet-page.html',
  styleUrl: './wallet-page.scss',
})
export class WalletPage implements OnInit {
  private readonly api = inject(WalletsApi);
  private readonly navigation = inject(PageNavigation);

  /** Query parameters: a funding asked for elsewhere (the pay page's shortfall), minor units. */
  readonly currency = input<string | undefined>();
  readonly amount = input<string | undefined>();
  readonly returnTo = input<string | undefined>(undefined, { alias: 'return_to' });

  protected readonly balances = rxResource({ stream: () => this.api.balances() });
  protected readonly balancesProblem = computed(() => this.balances.error() as ApiProblem | undefined);

  // ---- back from the checkout

  /** The funding this browser went to the checkout for, if it has come back from there. */
  protected readonly pending = signal<PendingFunding | null>(pendingFunding());
  protected readonly funding = rxResource<Funding | undefined, string | undefined>({
    params: () => this.pending()?.id,
    stream: ({ params: id }) =>
      timer(0, FUNDING_POLL_MS).pipe(
        switchMap((n) => (n < FUNDING_POLLS ? this.api.funding(id) : EMPTY)),
        takeWhile((funding) => funding.status === 'pending', true),
        tap((funding) => {
          if (funding.status !== 'pending') {
            forgetFunding();
            this.balances.reload();
            this.transactions.reload();
          }
        }),
      ),
  });
  protected readonly fundingProblem = computed(() => this.funding.error() as ApiProblem | undefined);
  protected readonly backTo = computed(() => this.pending()?.return_to ?? null);

  // ---- paying money in

  protected readonly fundForm = new FormGroup({
    amount: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(20)] }),
    currency: new FormControl('NGN', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[A-Z]{3}$/)] }),
  });
  protected readonly startingFunding = signal(false);
  protected readonly fundProblem = signal<ApiProblem | null>(null);
  protected readonly fundUnmatched = signal<FieldError[]>([]);
  /** One key per funding the person means: a second click sends the same one. */
  private fundingKey: string | null = null;

  // ---- history

  protected readonly currencies = computed(() => (this.balances.hasValue() ? this.balances.value().map((b) => b.currency) : []));
  protected readonly shownCurrency = linkedSignal<string[], string | null>({
    source: this.currencies,
    computation: (currencies, previous) =>
      previous?.value && currencies.includes(previous.value) ? previous.value : (currencies.find((c) => c === this.currency()) ?? currencies[0] ?? null),
  });
  protected readonly cursors = linkedSignal<string | null, (string | null)[]>({ source: this.shownCurrency, computation: () => [null] });
  protected readonly transactions = rxResource({
    params: () => {
      const currency = this.shownCurrency();
      return currency ? { currency, cursor: this.cursors().at(-1) ?? null } : undefined;
    },
    stream: ({ params }) => this.api.transactions(params.currency, params.cursor),
  });
  protected readonly transactionsProblem = computed(() => this.transactions.error() as ApiProblem | undefined);
  protected readonly lines = computed(() => (this.transactions.hasValue() ? this.transactions.value().data : []));
  protected readonly nextCursor = computed(() => (this.transactions.hasValue() ? this.transactions.value().next_cursor : null));
  protected readonly downloading = signal(false);
  protected readonly downloadProblem = signal<ApiProblem | null>(null);

  constructor() {
    this.fundForm.valueChanges.subscribe(() => (this.fundingKey = null));
  }

  ngOnInit(): void {
    const currency = this.currency()?.toUpperCase();
    if (currency && /^[A-Z]{3}$/.test(currency)) {
      this.fundForm.controls.currency.setValue(currency);
      const amount = Number(this.amount());
      if (Number.isSafeInteger(amount) && amount > 0) {
        this.fundForm.controls.amount.setValue(majorText(amount, currency));
      }
    }
  }

  protected async fund(): Promise<void> {
    if (this.fundForm.invalid) {
      this.fundForm.markAllAsTouched();
      return;
    }
    const { amount: text, currency } = this.fundForm.getRawValue();
    const amount = parseMajor(text, currency);
    if (amount === null || amount <= 0) {
      this.fundForm.controls.amount.setErrors({ server: `An amount above zero, such as 5000 or 5000.50, with at most the decimals ${currency} has.` });
      this.fundForm.controls.amount.markAsTouched();
      return;
    }
    this.fundingKey ??= crypto.randomUUID();
    this.startingFunding.set(true);
    this.fundProblem.set(null);
    try {
      const funding = await firstValueFrom(this.api.fund(amount, currency, this.fundingKey));
      if (!funding.checkout_url) {
        throw new ApiProblem(502, 'No checkout', 'The payment provider did not give a checkout page. Try again.');
      }
      rememberFunding({ id: funding.id, return_to: safeReturnPath(this.returnTo()) });
      this.navigation.go(funding.checkout_url);
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      this.fundProblem.set(
        error.status === 403
          ? new ApiProblem(403, 'Paying money in is not allowed for this sign-in', `${error.summary}. Sign out and in again; if it stays so, the sign-in lacks the wallets:fund permission.`)
          : error,
      );
      this.fundUnmatched.set(showFieldErrors(this.fundForm, error));
      this.startingFunding.set(false);
    }
  }

  protected dismissFunding(): void {
    forgetFunding();
    this.pending.set(null);
  }

  protected showCurrency(currency: string): void {
    this.shownCurrency.set(currency);
  }

  protected older(): void {
    const cursor = this.nextCursor();
    if (cursor) {
      this.cursors.update((cursors) => [...cursors, cursor]);
    }
  }

  protected newer(): void {
    this.cursors.update((cursors) => (cursors.length > 1 ? cursors.slice(0, -1) : cursors));
  }

  protected async downloadCsv(): Promise<void> {
    const currency = this.shownCurrency();
    if (!currency) {
      return;
    }
    this.downloading.set(true);
    this.downloadProblem.set(null);
    try {
      const csv = await firstValueFrom(this.api.transactionsCsv(currency));
      const url = URL.createObjectURL(csv);
      const link = document.createElement('a');
      link.href = url;
      link.download = `wallet-${currency}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.downloadProblem.set(error instanceof ApiProblem ? error : new ApiProblem(0, 'Download failed'));
    } finally {
      this.downloading.set(false);
    }
  }

  protected readonly describe = describeTransaction;
  protected readonly outcome = fundingOutcome;
}

/** A history line in words: what moved and with whom. */
export function describeTransaction(line: WalletTransaction): string {
  const who = line.counterparty_name ?? line.counterparty;
  const reference = line.reference ? ` (${line.reference})` : '';
  switch (line.kind) {
    case 'funding':
      return `Paid in by card${reference}`;
    case 'charge':
      return `Service charge${reference}`;
    case 'payment':
      return (line.amount < 0 ? `Paid to ${who}` : `Received from ${who}`) + reference;
    default:
      return `${line.kind}${line.amount < 0 ? ' to ' : ' from '}${who}${reference}`;
  }
}

/** "failed" + the provider's reason in words. */
export function fundingOutcome(funding: Funding): string {
  switch (funding.status) {
    case 'succeeded':
      return 'The money is in your wallet.';
    case 'failed':
      return `The card payment failed${funding.failure_reason ? ` (${funding.failure_reason.replace(/_/g, ' ')})` : ''}. Nothing was taken; try again with another card.`;
    default:
      return 'Waiting for the payment provider to confirm the card payment…';
  }
}
