import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PartyForm } from './party-form';

/** The fields of a party (name, email, tax id, address), each with its own and the server's errors. */
@Component({
  selector: 'app-party-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="form-grid" [formGroup]="form()">
      <mat-form-field appearance="outline" class="wide">
        <mat-label>{{ nameLabel() }}</mat-label>
        <input matInput formControlName="name" required maxlength="200" autocomplete="organization" />
        @if (form().controls.name.hasError('server')) {
          <mat-error>{{ form().controls.name.getError('server') }}</mat-error>
        } @else if (form().controls.name.invalid) {
          <mat-error>A name is needed.</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Email</mat-label>
        <input matInput type="email" formControlName="email" maxlength="254" autocomplete="email" />
        @if (form().controls.email.hasError('server')) {
          <mat-error>{{ form().controls.email.getError('server') }}</mat-error>
        } @else if (form().controls.email.invalid) {
          <mat-error>An email address looks like name&#64;example.com.</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Tax id</mat-label>
        <input matInput formControlName="tax_id" maxlength="50" />
        @if (form().controls.tax_id.hasError('server')) {
          <mat-error>{{ form().controls.tax_id.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <fieldset class="wide address" formGroupName="address">
        <legend>Address</legend>
        <div class="form-grid">
          @for (field of addressFields; track field.name) {
            <mat-form-field appearance="outline" [class.wide]="field.wide">
              <mat-label>{{ field.label }}</mat-label>
              <input matInput [formControlName]="field.name" [attr.maxlength]="field.max" [attr.autocomplete]="field.autocomplete" />
              @if (form().controls.address.get(field.name)?.hasError('server')) {
                <mat-error>{{ form().controls.address.get(field.name)?.getError('server') }}</mat-error>
              } @else if (field.hint) {
                <mat-error>{{ field.hint }}</mat-error>
              }
            </mat-form-field>
          }
        </div>
      </fieldset>
    </div>
  `,
  styles: `
    fieldset { border: 0; padding: 0; margin: 0; }
    legend { font: var(--mat-sys-title-small); margin-bottom: 0.5rem; }
  `,
})
export class PartyFields {
  readonly form = input.required<PartyForm>();
  readonly nameLabel = input('Name');

  protected readonly addressFields = [
    { name: 'line1', label: 'Street and number', max: 200, wide: true, autocomplete: 'address-line1', hint: '' },
    { name: 'line2', label: 'Address line 2', max: 200, wide: true, autocomplete: 'address-line2', hint: '' },
    { name: 'city', label: 'City', max: 100, wide: false, autocomplete: 'address-level2', hint: '' },
    { name: 'region', label: 'State or region', max: 100, wide: false, autocomplete: 'address-level1', hint: '' },
    { name: 'postal_code', label: 'Postal code', max: 20, wide: false, autocomplete: 'postal-code', hint: '' },
    { name: 'country', label: 'Country (2 letters, e.g. NG)', max: 2, wide: false, autocomplete: 'country', hint: 'Two capital letters, e.g. NG.' },
  ] as const;
}
