import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { appConfig } from '../app.config';

const LONG = 'The tax id must be the one the tax office issued, written without spaces, and it must not be longer than fifty characters.';

@Component({
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field appearance="outline">
      <mat-label>Tax id</mat-label>
      <input matInput [formControl]="taxId" />
      <mat-error>{{ taxId.getError('server') }}</mat-error>
    </mat-form-field>
    <mat-form-field appearance="outline"><mat-label>Next</mat-label><input matInput /></mat-form-field>
  `,
})
class TwoFields {
  readonly taxId = new FormControl('');
}

describe('form fields of the app', () => {
  it('give a long error message the lines it needs instead of laying it over the next field', async () => {
    TestBed.configureTestingModule({ imports: [TwoFields], providers: appConfig.providers });
    const fixture = TestBed.createComponent(TwoFields);
    fixture.detectChanges(); // binding the control validates it: the server's error comes after
    fixture.componentInstance.taxId.setErrors({ server: LONG });
    fixture.componentInstance.taxId.markAsTouched();
    fixture.changeDetectorRef.markForCheck();
    fixture.detectChanges();
    await fixture.whenStable();

    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('mat-error')?.textContent).toContain(LONG);
    // fixed sizing positions the error absolutely in a one-line box (it overflows onto the next
    // field); dynamic sizing lays it out in the flow, so the field grows
    const subscripts = root.querySelectorAll('.mat-mdc-form-field-subscript-wrapper');
    expect(subscripts).toHaveLength(2);
    for (const subscript of subscripts) {
      expect(subscript.classList).toContain('mat-mdc-form-field-subscript-dynamic-size');
    }
  });
});
