import { HttpClient, provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FormArray, FormControl, FormGroup } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { showFieldErrors } from './field-errors';
import { ApiProblem, problemInterceptor } from './problem';

describe('problemInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }), withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('turns a problem+json answer into an ApiProblem with its field errors', async () => {
    const answer = firstValueFrom(http.post('/api/invoices', {})).catch((e: unknown) => e);
    backend.expectOne('/api/invoices').flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'the body is not valid',
        errors: [{ pointer: '/lines/0/quantity', message: 'must be more than 0' }],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/problem+json' } },
    );

    const problem = (await answer) as ApiProblem;
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.status).toBe(400);
    expect(problem.summary).toBe('the body is not valid');
    expect(problem.errors).toEqual([{ pointer: '/lines/0/quantity', message: 'must be more than 0' }]);
  });

  it('says a service is unavailable when the gateway answers 503 without a problem', async () => {
    const answer = firstValueFrom(http.get('/api/invoices')).catch((e: unknown) => e);
    backend.expectOne('/api/invoices').flush('<html>down</html>', { status: 503, statusText: 'Service Unavailable' });

    const problem = (await answer) as ApiProblem;
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('Service unavailable');
  });

  it('says there is no connection when the request never got an answer', async () => {
    const answer = firstValueFrom(http.get('/api/users/me')).catch((e: unknown) => e);
    backend.expectOne('/api/users/me').error(new ProgressEvent('error'), { status: 0 });

    expect(((await answer) as ApiProblem).title).toBe('No connection');
  });

  it('sends the CSRF cookie back as X-XSRF-TOKEN on changes, not on reads', () => {
    document.cookie = 'XSRF-TOKEN=token-123; path=/';
    http.post('/api/invoices/customers', { name: 'A' }).subscribe();
    http.delete('/api/invoices/customers/cus_1').subscribe();
    http.get('/api/invoices/customers').subscribe();

    expect(backend.expectOne({ method: 'POST' }).request.headers.get('X-XSRF-TOKEN')).toBe('token-123');
    expect(backend.expectOne({ method: 'DELETE' }).request.headers.get('X-XSRF-TOKEN')).toBe('token-123');
    expect(backend.expectOne({ method: 'GET' }).request.headers.has('X-XSRF-TOKEN')).toBe(false);
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });
});

describe('showFieldErrors', () => {
  const form = () =>
    new FormGroup({
      name: new FormControl('x'),
      address: new FormGroup({ country: new FormControl('ng') }),
      lines: new FormArray([new FormGroup({ quantity: new FormControl('0') })]),
    });

  it('puts each error on the control its pointer names and answers the rest', () => {
    const f = form();
    const unmatched = showFieldErrors(
      f,
      new ApiProblem(400, 'Bad Request', null, [
        { pointer: '/address/country', message: 'must be two capital letters' },
        { pointer: '/lines/0/quantity', message: 'must be more than 0' },
        { pointer: '/customer_id', message: 'no such customer' },
      ]),
    );

    expect(f.get('address.country')?.getError('server')).toBe('must be two capital letters');
    expect(f.get('address.country')?.touched).toBe(true);
    expect(f.controls.lines.at(0).controls.quantity.getError('server')).toBe('must be more than 0');
    expect(unmatched).toEqual([{ pointer: '/customer_id', message: 'no such customer' }]);
  });

  it('clears the server’s error once the field is edited', () => {
    const f = form();
    showFieldErrors(f, new ApiProblem(400, 'Bad Request', null, [{ pointer: '/name', message: 'taken' }]));
    f.controls.name.setValue('y');
    expect(f.controls.name.hasError('server')).toBe(false);
  });
});
