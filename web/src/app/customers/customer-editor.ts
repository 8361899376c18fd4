import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom, of } from 'rxjs';
import { InvoicesApi } from '../api/invoices-api';
import { showFieldErrors } from '../api/field-errors';
import { ApiProblem, FieldError } from '../api/problem';
import { ProblemBanner } from '../ui/problem-banner';
import { fillPartyForm, partyForm, partyInput } from './party-form';
import { PartyFields } from './party-fields';

/** Add a customer (no id) or change or delete one. */
@Component({
  selector: 'app-customer-editor',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatProgressBarModule, PartyFields, ProblemBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-editor.html',
})
export class CustomerEditor {
  private readonly api = inject(InvoicesApi);
  private readonly router = inject(Router);

  /** From the route `customers/:id`; absent for a new customer. */
  readonly id = input<string>();

  protected readonly form = partyForm();
  protected readonly customer = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => (id ? this.api.customer(id) : of(null)),
  });
  protected readonly saving = signal(false);
  protected readonly confirmingDelete = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly unmatched = signal<FieldError[]>([]);

  constructor() {
    effect(() => {
      if (this.customer.hasValue()) {
        fillPartyForm(this.form, this.customer.value());
      }
    });
  }

  protected loadProblem(): ApiProblem | undefined {
    return this.customer.error() as ApiProblem | undefined;
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.problem.set(null);
    const id = this.id();
    try {
      const input = partyInput(this.form);
      await firstValueFrom(id ? this.api.replaceCustomer(id, input) : this.api.createCustomer(input));
      await this.router.navigate(['/customers']);
    } catch (error) {
      this.fail(error);
    } finally {
      this.saving.set(false);
    }
  }

  protected async delete(): Promise<void> {
    const id = this.id();
    if (!id) {
      return;
    }
    this.saving.set(true);
    try {
      await firstValueFrom(this.api.deleteCustomer(id));
      await this.router.navigate(['/customers']);
    } catch (error) {
      this.fail(error);
    } finally {
      this.saving.set(false);
      this.confirmingDelete.set(false);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof ApiProblem) {
      this.problem.set(error);
      this.unmatched.set(showFieldErrors(this.form, error));
    } else {
      throw error;
    }
  }
}
