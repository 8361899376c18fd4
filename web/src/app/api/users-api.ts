import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Address } from './invoices-api';

export interface Profile {
  id: string;
  subject: string;
  email: string | null;
  display_name: string | null;
  business_name: string | null;
  address: Address | null;
  tax_id: string | null;
  default_currency: string | null;
  logo: { content_type: string; bytes: number; url: string } | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProfileUpdate {
  display_name: string;
  business_name?: string | null;
  address?: Address | null;
  tax_id?: string | null;
  default_currency?: string | null;
}

const BASE = '/api/users';

/** The users service, typed after its contract (verticles/users/.../openapi.yaml). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  me(): Observable<Profile> {
    return this.http.get<Profile>(`${BASE}/me`);
  }

  updateMe(update: ProfileUpdate): Observable<Profile> {
    return this.http.put<Profile>(`${BASE}/me`, update);
  }

  /** Uploads the logo as the raw body (PNG or JPEG, at most 512 KiB). */
  uploadLogo(file: Blob): Observable<Profile> {
    return this.http.put<Profile>(`${BASE}/me/logo`, file, {
      headers: new HttpHeaders({ 'Content-Type': file.type }),
    });
  }

  deleteLogo(): Observable<void> {
    return this.http.delete<void>(`${BASE}/me/logo`);
  }

  logoUrl(): string {
    return `${BASE}/me/logo`;
  }
}
