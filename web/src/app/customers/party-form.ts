import { FormControl, FormGroup, Validators } from '@angular/forms';
import { PartyInput } from '../api/invoices-api';

/** A customer's (or the business's) details as a typed form, shaped like the API's PartyInput. */
export function partyForm() {
  return new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(254), Validators.pattern(/^[^@\s]+@[^@\s]+$/)] }),
    tax_id: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(50)] }),
    address: new FormGroup({
      line1: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
      line2: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
      city: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
      region: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
      postal_code: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(20)] }),
      country: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^[A-Z]{2}$/)] }),
    }),
  });
}

export type PartyForm = ReturnType<typeof partyForm>;

/** The form's value as the API takes it: empty fields are null, an empty address is null. */
export function partyInput(form: PartyForm): PartyInput {
  const value = form.getRawValue();
  const address = Object.fromEntries(Object.entries(value.address).map(([k, v]) => [k, v.trim() || null]));
  const hasAddress = Object.values(address).some((v) => v !== null);
  return {
    name: value.name.trim(),
    email: value.email.trim() || null,
    tax_id: value.tax_id.trim() || null,
    address: hasAddress ? address : null,
  };
}

export function fillPartyForm(form: PartyForm, party: PartyInput | null): void {
  const address = party?.address ?? {};
  form.reset({
    name: party?.name ?? '',
    email: party?.email ?? '',
    tax_id: party?.tax_id ?? '',
    address: {
      line1: address.line1 ?? '',
      line2: address.line2 ?? '',
      city: address.city ?? '',
      region: address.region ?? '',
      postal_code: address.postal_code ?? '',
      country: address.country ?? '',
    },
  });
}
