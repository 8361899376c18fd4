import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { problemInterceptor } from '../api/problem';
import { InvoiceEditor } from './invoice-editor';

describe('InvoiceEditor', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [InvoiceEditor],
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  async function open() {
    const fixture = TestBed.createComponent(InvoiceEditor);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/invoices/customers').flush({
      data: [{ id: 'cus_1', name: 'Globex', email: null, address: null, tax_id: null, version: 1, created_at: '', updated_at: '' }],
      next_cursor: null,
    });
    backend.expectOne('/api/users/me').flush({ default_currency: 'NGN' });
    await fixture.whenStable();
    return fixture;
  }

  function type(root: HTMLElement, selector: string, value: string, index = 0) {
    const input = root.querySelectorAll<HTMLInputElement>(selector)[index];
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows totals that follow the typing and equal the server’s rule', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;

    type(root, 'input[formcontrolname="description"]', 'Design');
    type(root, 'input[formcontrolname="quantity"]', '0.333');
    type(root, 'input[formcontrolname="unit_price"]', '1,000.00');
    type(root, 'input[formcontrolname="tax_rate"]', '7.5');
    await fixture.whenStable();

    // 0.333 × ₦1,000.00 = 33300 kobo; tax 2497.5 → 2498 (half to even); total 35798
    const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s/g, '');
    expect(text('subtotal')).toMatch(/333\.00$/);
    expect(text('total')).toMatch(/357\.98$/);
    expect(text('line-total')).toMatch(/357\.98$/);

    type(root, 'input[formcontrolname="quantity"]', '2');
    await fixture.whenStable();
    expect(text('total')).toMatch(/2,150\.00$/);
  });

  it('shows the server’s field error next to the line field its pointer names', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    fixture.componentInstance['form'].patchValue({ customer_id: 'cus_1' });
    type(root, 'input[formcontrolname="description"]', 'Design');
    type(root, 'input[formcontrolname="unit_price"]', '10');
    await fixture.whenStable();

    (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const request = backend.expectOne({ method: 'POST', url: '/api/invoices' });
    expect(request.request.body.lines).toEqual([{ description: 'Design', quantity: '1', unit_price: 1000, tax_rate: '0', discount: '0' }]);
    request.flush(
      { title: 'Bad Request', status: 400, detail: 'the invoice is not valid', errors: [{ pointer: '/lines/0/quantity', message: 'must be at most 1000000' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    const field = root.querySelector('input[formcontrolname="quantity"]')!.closest('mat-form-field')!;
    expect(field.querySelector('mat-error')?.textContent).toContain('must be at most 1000000');
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('the invoice is not valid');
  });
  it('saves a line whose discount and tax rate were cleared as 0, as its totals count them', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    fixture.componentInstance['form'].patchValue({ customer_id: 'cus_1' });
    type(root, 'input[formcontrolname="description"]', 'Design');
    type(root, 'input[formcontrolname="unit_price"]', '10');
    type(root, 'input[formcontrolname="discount"]', '');
    type(root, 'input[formcontrolname="tax_rate"]', '');
    await fixture.whenStable();

    (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const request = backend.expectOne({ method: 'POST', url: '/api/invoices' });
    expect(request.request.body.lines).toEqual([{ description: 'Design', quantity: '1', unit_price: 1000, tax_rate: '0', discount: '0' }]);
  });
});
