import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AttentionItem, ImportResult, Me, Page, User } from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params, type NewPerson, type PersonQuery } from './api-types';

@Injectable({ providedIn: 'root' })
export class UsersClient {
  private readonly http = inject(HttpClient);

  list(query: PersonQuery = {}): Promise<Page<User>> {
    return firstValueFrom(this.http.get<Page<User>>('/api/users', { params: params(query) }));
  }

  get(id: string): Promise<User> {
    return firstValueFrom(this.http.get<User>(`/api/users/${id}`));
  }

  create(person: NewPerson): Promise<User> {
    return firstValueFrom(this.http.post<User>('/api/users', person));
  }

  reinvite(id: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`/api/users/${id}/invitation`, {}));
  }

  importStudents(csv: string, organisationId?: string): Promise<ImportResult> {
    return firstValueFrom(
      this.http.post<ImportResult>('/api/users/import', csv, {
        headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
        params: params({ organisationId }),
      }),
    );
  }

  /** Everything the platform holds about the signed-in person, as a JSON file. */
  exportMyData(): Promise<Blob> {
    return firstValueFrom(this.http.get('/api/me/export', { responseType: 'blob' }));
  }

  /** Erases a student (admins): identity removed, live places freed, history kept anonymously. */
  erase(id: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`/api/users/${id}/erase`, {}));
  }

  /** An admin turns off someone's two-step verification (lost app and recovery codes). */
  resetTwoStep(id: string, reason: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`/api/users/${id}/mfa/reset`, { reason }));
  }

  attention(): Promise<AttentionItem[]> {
    return firstValueFrom(this.http.get<{ items: AttentionItem[] }>('/api/me/attention')).then(
      (reply) => reply.items,
    );
  }

  updateMe(changes: {
    name?: string;
    studentProfile?: {
      homePostcode?: string | null;
      maxTravelKm?: number | null;
      reasonableAdjustments?: string | null;
    };
  }): Promise<Me> {
    return firstValueFrom(this.http.patch<Me>('/api/me', changes));
  }
}
