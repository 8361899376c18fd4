import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import { InvoicesApi } from '../api/invoices-api';
import { showFieldErrors } from '../api/field-errors';
import { ApiProblem, FieldError } from '../api/problem';
import { Profile, UsersApi } from '../api/users-api';
import { ProblemBanner } from '../ui/problem-banner';
import { logoFileProblem } from './logo-file';

/** The business's profile (users service), its logo, and its invoice settings (invoices service). */
@Component({
  selector: 'app-profile-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ProblemBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './profile-page.html',
  styleUrl: './profile-page.scss',
})
export class ProfilePage {
  private readonly users = inject(UsersApi);
  private readonly invoices = inject(InvoicesApi);

  protected readonly profile = rxResource({ stream: () => this.users.me() });
  protected readonly settings = rxResource({ stream: () => this.invoices.settings() });

  protected readonly profileForm = new FormGroup({
    display_name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    business_name: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
    tax_id: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(50)] }),
    default_currency: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^[A-Z]{3}$/)] }),
    address: new FormGroup({
      line1: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
      line2: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
      city: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
      region: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
      postal_code: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(20)] }),
      country: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^[A-Z]{2}$/)] }),
    }),
  });
  protected readonly settingsForm = new FormGroup({
    number_prefix: new FormControl('INV', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[A-Z][A-Z0-9]{0,9}$/)] }),
    tax_label: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(20)] }),
  });

  protected readonly saving = signal<'profile' | 'settings' | 'logo' | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly profileProblem = signal<ApiProblem | null>(null);
  protected readonly profileUnmatched = signal<FieldError[]>([]);
  protected readonly settingsProblem = signal<ApiProblem | null>(null);
  protected readonly settingsUnmatched = signal<FieldError[]>([]);

  /** The logo chosen but not uploaded yet, with its preview. */
  protected readonly chosen = signal<{ file: File; preview: string } | null>(null);
  protected readonly logoProblem = signal<string | null>(null);
  protected readonly logoAnswer = signal<string | null>(null);
  /** Bumped after an upload, so the stored logo is shown anew. */
  protected readonly logoRevision = signal(0);
  protected readonly logoUrl = this.users.logoUrl();

  constructor() {
    effect(() => {
      if (this.profile.hasValue()) {
        this.fillProfile(this.profile.value());
      }
    });
    effect(() => {
      if (this.settings.hasValue()) {
        const settings = this.settings.value();
        fillUntouched(this.settingsForm, { number_prefix: settings.number_prefix, tax_label: settings.tax_label ?? '' });
      }
    });
    inject(DestroyRef).onDestroy(() => this.discardChosen());
  }

  protected async saveProfile(): Promise<void> {
    if (this.profileForm.invalid) {
      this.profileForm.markAllAsTouched();
      return;
    }
    const value = this.profileForm.getRawValue();
    const address = Object.fromEntries(Object.entries(value.address).map(([k, v]) => [k, v.trim() || undefined]));
    const hasAddress = Object.values(address).some((v) => v !== undefined);
    this.saving.set('profile');
    this.profileProblem.set(null);
    try {
      const profile = await firstValueFrom(
        this.users.updateMe({
          display_name: value.display_name.trim(),
          business_name: value.business_name.trim() || null,
          tax_id: value.tax_id.trim() || null,
          default_currency: value.default_currency.trim() || null,
          address: hasAddress ? JSON.parse(JSON.stringify(address)) : null,
        }),
      );
      this.profileForm.markAsPristine(); // what was typed is stored: show the stored profile
      this.profile.set(profile);
      this.saved.set('Profile saved.');
    } catch (error) {
      this.profileProblem.set(asProblem(error));
      this.profileUnmatched.set(showFieldErrors(this.profileForm, asProblem(error)));
    } finally {
      this.saving.set(null);
    }
  }

  protected async saveSettings(): Promise<void> {
    if (this.settingsForm.invalid) {
      this.settingsForm.markAllAsTouched();
      return;
    }
    const value = this.settingsForm.getRawValue();
    const current = this.settings.hasValue() ? this.settings.value() : null;
    this.saving.set('settings');
    this.settingsProblem.set(null);
    try {
      const settings = await firstValueFrom(
        this.invoices.saveSettings({
          number_prefix: value.number_prefix,
          tax_label: value.tax_label.trim() || null,
          business: current?.business ?? null,
        }),
      );
      this.settingsForm.markAsPristine();
      this.settings.set(settings);
      this.saved.set('Invoice settings saved.');
    } catch (error) {
      this.settingsProblem.set(asProblem(error));
      this.settingsUnmatched.set(showFieldErrors(this.settingsForm, asProblem(error)));
    } finally {
      this.saving.set(null);
    }
  }

  protected choose(event: Event): void {
    const inputElement = event.target as HTMLInputElement;
    const file = inputElement.files?.[0];
    this.discardChosen();
    this.logoAnswer.set(null);
    if (!file) {
      return;
    }
    const problem = logoFileProblem(file);
    this.logoProblem.set(problem);
    if (problem) {
      inputElement.value = '';
      return;
    }
    this.chosen.set({ file, preview: URL.createObjectURL(file) });
  }

  protected async upload(): Promise<void> {
    const chosen = this.chosen();
    if (!chosen) {
      return;
    }
    this.saving.set('logo');
    this.logoProblem.set(null);
    try {
      const profile = await firstValueFrom(this.users.uploadLogo(chosen.file));
      this.profile.set(profile);
      this.logoRevision.update((n) => n + 1);
      const stored = profile.logo;
      this.logoAnswer.set(stored ? `Logo saved (${stored.content_type}, ${Math.ceil(stored.bytes / 1024)} KiB as stored).` : 'Logo saved.');
      this.discardChosen();
    } catch (error) {
      this.logoProblem.set(asProblem(error).summary);
    } finally {
      this.saving.set(null);
    }
  }

  protected async removeLogo(): Promise<void> {
    this.saving.set('logo');
    try {
      await firstValueFrom(this.users.deleteLogo());
      this.profile.reload();
      this.logoAnswer.set('Logo removed.');
    } catch (error) {
      this.logoProblem.set(asProblem(error).summary);
    } finally {
      this.saving.set(null);
    }
  }

  private discardChosen(): void {
    const chosen = this.chosen();
    if (chosen) {
      URL.revokeObjectURL(chosen.preview);
      this.chosen.set(null);
    }
  }

  private fillProfile(profile: Profile): void {
    const address = profile.address ?? {};
    fillUntouched(this.profileForm, {
      display_name: profile.display_name ?? '',
      business_name: profile.business_name ?? '',
      tax_id: profile.tax_id ?? '',
      default_currency: profile.default_currency ?? '',
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
}

/**
 * Puts the stored values into the fields the person has not edited: what they typed while the
 * profile was loading (or arrived again) stays.
 */
export function fillUntouched(form: FormGroup, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    const control = form.get(name);
    if (control instanceof FormGroup) {
      fillUntouched(control, value as Record<string, unknown>);
    } else if (control && !control.dirty) {
      control.reset(value);
    }
  }
}

function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) {
    return error;
  }
  throw error;
}
