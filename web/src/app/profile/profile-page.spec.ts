import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../api/problem';
import { Profile } from '../api/users-api';
import { ProfilePage } from './profile-page';

const stored: Profile = {
  id: 'usr_1', subject: 'ada', email: 'ada@example.com', display_name: 'Ada Obi', business_name: 'Obi Studio',
  address: { city: 'Lagos', country: 'NG' }, tax_id: null, default_currency: 'NGN', logo: null, version: 1,
  created_at: '2026-12-01T09:00:00Z', updated_at: '2026-12-01T09:00:00Z',
};

describe('ProfilePage', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ProfilePage],
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  function type(root: HTMLElement, name: string, value: string): void {
    const input = root.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  const valueOf = (root: HTMLElement, name: string) => root.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!.value;

  it('keeps what was typed before the profile arrived and fills the other fields', async () => {
    const fixture = TestBed.createComponent(ProfilePage);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;

    type(root, 'business_name', 'Obi Design Studio');
    type(root, 'city', 'Abuja');
    type(root, 'number_prefix', 'OBI');
    backend.expectOne('/api/users/me').flush(stored);
    backend.expectOne('/api/invoices/settings').flush({ number_prefix: 'INV', tax_label: 'VAT', business: null });
    await fixture.whenStable();

    expect(valueOf(root, 'business_name')).toBe('Obi Design Studio');
    expect(valueOf(root, 'city')).toBe('Abuja');
    expect(valueOf(root, 'number_prefix')).toBe('OBI');
    expect(valueOf(root, 'display_name')).toBe('Ada Obi');
    expect(valueOf(root, 'country')).toBe('NG');
    expect(valueOf(root, 'default_currency')).toBe('NGN');
    expect(valueOf(root, 'tax_label')).toBe('VAT');
  });

  it('shows the stored profile after saving', async () => {
    const fixture = TestBed.createComponent(ProfilePage);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/users/me').flush(stored);
    backend.expectOne('/api/invoices/settings').flush({ number_prefix: 'INV', tax_label: null, business: null });
    await fixture.whenStable();

    type(root, 'business_name', '  Obi Studio Ltd ');
    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    const save = backend.expectOne({ method: 'PUT', url: '/api/users/me' });
    expect(save.request.body).toMatchObject({ business_name: 'Obi Studio Ltd', display_name: 'Ada Obi' });
    save.flush({ ...stored, business_name: 'Obi Studio Ltd', version: 2 });
    await fixture.whenStable();

    expect(valueOf(root, 'business_name')).toBe('Obi Studio Ltd');
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Profile saved.');
  });
});
