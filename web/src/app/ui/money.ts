import { Pipe, PipeTransform } from '@angular/core';
import { Money, formatMoney } from '../api/money';

/** `{{ invoice.totals.total | money }}` → "₦12,500.50": minor units become text only here. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  transform(money: Money | null | undefined): string {
    return money ? formatMoney(money) : '';
  }
}
