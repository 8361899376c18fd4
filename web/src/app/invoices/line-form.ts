import { FormControl, FormGroup, Validators } from '@angular/forms';
import { LineInput } from '../api/invoices-api';
import { majorText, parseMajor } from '../api/money';

// the contract's patterns (LineInput): what the server accepts, checked as the user types
export const QUANTITY = /^[0-9]{1,7}(\.[0-9]{1,4})?$/;
export const PERCENT = /^[0-9]{1,3}(\.[0-9]{1,4})?$/;

/**
 * One line of the editor; `unit_price` is typed in major units ("1000.50"), sent in minor. An
 * empty discount or tax rate is 0, as in the totals (`lineInput`), so it is not required.
 */
export function lineForm(line?: Required<LineInput>, currency = 'NGN') {
  return new FormGroup({
    description: new FormControl(line?.description ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    quantity: new FormControl(line?.quantity ?? '1', { nonNullable: true, validators: [Validators.required, Validators.pattern(QUANTITY)] }),
    unit_price: new FormControl(line ? majorText(line.unit_price, currency) : '', { nonNullable: true, validators: [Validators.required] }),
    tax_rate: new FormControl(line?.tax_rate ?? '0', { nonNullable: true, validators: [Validators.pattern(PERCENT), Validators.max(100)] }),
    discount: new FormControl(line?.discount ?? '0', { nonNullable: true, validators: [Validators.pattern(PERCENT), Validators.max(100)] }),
  });
}

export type LineForm = ReturnType<typeof lineForm>;
export type LineValue = ReturnType<LineForm['getRawValue']>;

/** The line as the API takes it, or null while it is not one yet (being typed, out of range). */
export function lineInput(value: LineValue, currency: string): LineInput | null {
  const unitPrice = parseMajor(value.unit_price, currency);
  const quantity = value.quantity.trim();
  const taxRate = value.tax_rate.trim() || '0';
  const discount = value.discount.trim() || '0';
  if (
    unitPrice === null || unitPrice > 1_000_000_000_000 ||
    !QUANTITY.test(quantity) || Number(quantity) <= 0 || Number(quantity) > 1_000_000 ||
    !PERCENT.test(taxRate) || Number(taxRate) > 100 ||
    !PERCENT.test(discount) || Number(discount) > 100
  ) {
    return null;
  }
  return { description: value.description.trim(), quantity, unit_price: unitPrice, tax_rate: taxRate, discount };
}
