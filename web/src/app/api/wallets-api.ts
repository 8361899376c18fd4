import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Page } from './page';

/** The balance of one currency's wallet, minor units. */
export interface WalletBalance {
  currency: string;
  balance: number;
  updated_at: string;
}

/** Money paid into the wallet by card at the payment provider's checkout. */
export interface Funding {
  id: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  checkout_url: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** One line of a wallet's history: signed minor units, the balance right after it. */
export interface WalletTransaction {
  transfer_id: string;
  kind: string;
  amount: number;
  currency: string;
  balance_after: number;
  counterparty: string;
  counterparty_name: string | null;
  reference: string | null;
  metadata?: Record<string, unknown>;
  created_at: string;
}

const BASE = '/api/wallets';

/** The wallets service, typed after its contract (verticles/wallets/.../wallets/openapi.yaml). */
@Injectable({ providedIn: 'root' })
export class WalletsApi {
  private readonly http = inject(HttpClient);

  balances(): Observable<WalletBalance[]> {
    return this.http.get<{ data: WalletBalance[] }>(BASE).pipe(map((answer) => answer.data));
  }

  /** Starts a funding; `key` makes a repeated submission the same funding. 201 with `checkout_url`. */
  fund(amount: number, currency: string, key: string): Observable<Funding> {
    return this.http.post<Funding>(`${BASE}/fundings`, { amount, currency }, { headers: new HttpHeaders({ 'Idempotency-Key': key }) });
  }

  funding(id: string): Observable<Funding> {
    return this.http.get<Funding>(`${BASE}/fundings/${encodeURIComponent(id)}`);
  }

  transactions(currency: string, cursor: string | null, limit = 20): Observable<Page<WalletTransaction>> {
    let params = new HttpParams().set('limit', limit);
    if (cursor) {
      params = params.set('cursor', cursor);
    }
    return this.http.get<Page<WalletTransaction>>(`${BASE}/${encodeURIComponent(currency)}/transactions`, { params });
  }

  /** The whole history of a currency as CSV (amounts in major units). */
  transactionsCsv(currency: string): Observable<Blob> {
    return this.http.get(`${BASE}/${encodeURIComponent(currency)}/transactions`, {
      headers: new HttpHeaders({ Accept: 'text/csv' }),
      responseType: 'blob',
    });
  }
}
