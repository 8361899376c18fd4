import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom, map, of, startWith } from 'rxjs';
import { Invoice, InvoiceInput, InvoicesApi, LineInput, Totals } from '../api/invoices-api';
import { allPages } from '../api/all-pages';
import { showFieldErrors } from '../api/field-errors';
import { ApiProblem, FieldError } from '../api/problem';
import { UsersApi } from '../api/users-api';
import { MoneyPipe } from '../ui/money';
import { ProblemBanner } from '../ui/problem-banner';
import { LineForm, lineForm, lineInput } from './line-form';
import { computeTotals } from './totals';

/** Write a draft, or change one; the totals follow every keystroke and equal the server's. */
@Component({
  selector: 'app-invoice-editor',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MoneyPipe, ProblemBanner,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoice-editor.html',
  styleUrl: './invoice-editor.scss',
})
export class InvoiceEditor {
  private readonly api = inject(InvoicesApi);
  private readonly users = inject(UsersApi);
  private readonly router = inject(Router);

  /** From the route `invoices/:id/edit`; absent for a new invoice. */
  readonly id = input<string>();

  protected readonly form = new FormGroup({
    customer_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    currency: new FormControl('NGN', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[A-Z]{3}$/)] }),
    issue_date: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    due_date: new FormControl(today(14), { nonNullable: true, validators: [Validators.required] }),
    tax_label: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(20)] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
    terms: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
    lines: new FormArray<LineForm>([lineForm()]),
  });

  protected readonly customers = rxResource({
    stream: () => allPages((cursor) => this.api.listCustomers({ limit: 100, cursor }), 5).pipe(map((r) => r.items)),
    defaultValue: [],
  });
  protected readonly draft = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => (id ? this.api.invoice(id) : of(null)),
  });
  private readonly profile = rxResource({ stream: () => this.users.me() });

  private readonly value = toSignal(this.form.valueChanges.pipe(startWith(null), map(() => this.form.getRawValue())), {
    requireSync: true,
  });
  /** Each line as the API would take it, null while a line is not complete. */
  protected readonly lineInputs = computed(() => this.value().lines.map((line) => lineInput(line, this.currency())));
  protected readonly currency = computed(() => (/^[A-Z]{3}$/.test(this.value().currency) ? this.value().currency : 'XXX'));
  protected readonly totals = computed<Totals | null>(() => {
    const complete = this.lineInputs().filter((line): line is LineInput => line !== null);
    try {
      return computeTotals(complete, this.currency());
    } catch {
      return null;
    }
  });
  /** The totals of line i among the complete lines, or null. */
  protected lineTotal(index: number) {
    const inputs = this.lineInputs();
    if (!inputs[index]) {
      return null;
    }
    const position = inputs.slice(0, index).filter((line) => line !== null).length;
    return this.totals()?.lines[position] ?? null;
  }

  protected readonly saving = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly unmatched = signal<FieldError[]>([]);
  protected readonly notEditable = computed(() => {
    const draft = this.draft.hasValue() ? this.draft.value() : null;
    return draft !== null && draft.status !== 'draft';
  });

  constructor() {
    effect(() => {
      const draft = this.draft.hasValue() ? this.draft.value() : null;
      if (draft) {
        this.fill(draft);
      }
    });
    effect(() => {
      const currency = this.profile.hasValue() ? this.profile.value().default_currency : null;
      if (currency && !this.id() && this.form.controls.currency.pristine) {
        this.form.controls.currency.setValue(currency);
      }
    });
  }

  protected get lines(): FormArray<LineForm> {
    return this.form.controls.lines;
  }

  protected addLine(): void {
    this.lines.push(lineForm());
  }

  protected removeLine(index: number): void {
    if (this.lines.length > 1) {
      this.lines.removeAt(index);
    }
  }

  protected loadProblem(): ApiProblem | undefined {
    return this.draft.error() as ApiProblem | undefined;
  }

  protected async save(): Promise<void> {
    const lines = this.lineInputs();
    if (this.form.invalid || lines.some((line) => line === null)) {
      this.form.markAllAsTouched();
      this.problem.set(new ApiProblem(400, 'Some fields need attention', 'Check the fields marked in red.'));
      return;
    }
    this.saving.set(true);
    this.problem.set(null);
    this.unmatched.set([]);
    const value = this.form.getRawValue();
    const body: InvoiceInput = {
      customer_id: value.customer_id,
      currency: value.currency,
      issue_date: value.issue_date,
      due_date: value.due_date,
      lines: lines as LineInput[],
      tax_label: value.tax_label.trim() || null,
      notes: value.notes.trim() || null,
      terms: value.terms.trim() || null,
    };
    const draft = this.draft.hasValue() ? this.draft.value() : null;
    try {
      const saved = await firstValueFrom(draft ? this.api.update(draft.id, draft.version, body) : this.api.create(body));
      await this.router.navigate(['/invoices', saved.id]);
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      this.problem.set(
        error.status === 412
          ? new ApiProblem(412, 'Changed elsewhere', 'This draft was changed in another window. Reload it to see the changes, then edit again.')
          : error,
      );
      this.unmatched.set(showFieldErrors(this.form, error));
    } finally {
      this.saving.set(false);
    }
  }

  private fill(invoice: Invoice): void {
    this.lines.clear({ emitEvent: false });
    for (const line of invoice.lines) {
      this.lines.push(lineForm(line, invoice.currency), { emitEvent: false });
    }
    this.form.patchValue({
      customer_id: invoice.customer_id ?? '',
      currency: invoice.currency,
      issue_date: invoice.issue_date,
      due_date: invoice.due_date,
      tax_label: invoice.tax_label ?? '',
      notes: invoice.notes ?? '',
      terms: invoice.terms ?? '',
    });
  }
}

/** Today (plus `days`) in the viewer's calendar, as YYYY-MM-DD. */
function today(days = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
