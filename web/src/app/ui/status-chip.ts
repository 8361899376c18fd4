import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { InvoiceStatus } from '../api/invoices-api';

const LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  issued: 'Issued',
  sent: 'Sent',
  paid: 'Paid',
  void: 'Void',
};

/** An invoice's status as a label; overdue is shown beside it (it is not a status). */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="chip" [class]="'chip ' + status()">{{ label() }}</span>
    @if (overdue()) {
      <span class="chip overdue">Overdue</span>
    }
  `,
  styles: `
    :host { display: inline-flex; gap: 0.25rem; }
    .chip {
      display: inline-block;
      padding: 0.125rem 0.5rem;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    .issued, .sent { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .paid { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .void { text-decoration: line-through; }
    .overdue { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class StatusChip {
  readonly status = input.required<InvoiceStatus>();
  readonly overdue = input(false);
  protected readonly label = computed(() => LABELS[this.status()]);
}
