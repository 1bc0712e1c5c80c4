import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  Application,
  ApplicationStatus,
  AuditEvent,
  BulkResult,
  Match,
  MatchStatus,
  NotificationPage,
  Page,
} from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params } from './api-types';

export interface ApplicationQuery {
  placementId?: string;
  status?: ApplicationStatus;
  cursor?: string;
  limit?: number;
}

export interface MatchQuery {
  status?: MatchStatus;
  placementId?: string;
  studentId?: string;
  cursor?: string;
  limit?: number;
}

export interface NewApplication {
  placementId: string;
  statement?: string;
  shareAdjustments?: boolean;
  rank?: number;
}

/** Applications, matches and what they set off: notifications and the audit trail. */
@Injectable({ providedIn: 'root' })
export class MatchingClient {
  private readonly http = inject(HttpClient);

  // ---- applications ---------------------------------------------------------------------------

  applications(query: ApplicationQuery = {}): Promise<Page<Application>> {
    return firstValueFrom(
      this.http.get<Page<Application>>('/api/applications', { params: params(query) }),
    );
  }

  application(id: string): Promise<Application> {
    return firstValueFrom(this.http.get<Application>(`/api/applications/${id}`));
  }

  apply(application: NewApplication): Promise<Application> {
    return firstValueFrom(this.http.post<Application>('/api/applications', application));
  }

  reorder(applicationIds: string[]): Promise<Page<Application>> {
    return firstValueFrom(
      this.http.put<Page<Application>>('/api/applications/ranking', { applicationIds }),
    );
  }

  withdraw(id: string): Promise<Application> {
    return firstValueFrom(this.http.post<Application>(`/api/applications/${id}/withdraw`, {}));
  }

  offer(id: string): Promise<Match> {
    return firstValueFrom(this.http.post<Match>(`/api/applications/${id}/offer`, {}));
  }

  decline(id: string, reason?: string): Promise<Application> {
    return firstValueFrom(
      this.http.post<Application>(`/api/applications/${id}/decline`, reason ? { reason } : {}),
    );
  }

  rankApplicants(placementId: string, studentIds: string[]): Promise<void> {
    return firstValueFrom(
      this.http.put<void>(`/api/placements/${placementId}/ranking`, { studentIds }),
    );
  }

  // ---- matches --------------------------------------------------------------------------------

  matches(query: MatchQuery = {}): Promise<Page<Match>> {
    return firstValueFrom(this.http.get<Page<Match>>('/api/matches', { params: params(query) }));
  }

  match(id: string): Promise<Match> {
    return firstValueFrom(this.http.get<Match>(`/api/matches/${id}`));
  }

  decide(id: string, decision: 'approve' | 'complete'): Promise<Match>;
  decide(id: string, decision: 'reject' | 'cancel', reason?: string): Promise<Match>;
  decide(id: string, decision: 'approve' | 'reject' | 'cancel' | 'complete', reason?: string) {
    return firstValueFrom(
      this.http.post<Match>(`/api/matches/${id}/${decision}`, reason ? { reason } : {}),
    );
  }

  decideMany(matchIds: string[], decision: 'approve' | 'reject'): Promise<BulkResult> {
    return firstValueFrom(this.http.post<BulkResult>(`/api/matches/${decision}`, { matchIds }));
  }

  /** Where the browser downloads an approved placement's calendar event. */
  calendarUrl(id: string): string {
    return `/api/matches/${id}/calendar.ics`;
  }

  calendar(id: string): Promise<Blob> {
    return firstValueFrom(this.http.get(this.calendarUrl(id), { responseType: 'blob' }));
  }

  // ---- notifications and audit ----------------------------------------------------------------

  notifications(cursor?: string, limit = 20): Promise<NotificationPage> {
    return firstValueFrom(
      this.http.get<NotificationPage>('/api/notifications', { params: params({ cursor, limit }) }),
    );
  }

  markRead(ids?: string[]): Promise<{ unread: number }> {
    return firstValueFrom(
      this.http.post<{ unread: number }>('/api/notifications/read', ids ? { ids } : {}),
    );
  }

  audit(entityType: string, entityId: string): Promise<Page<AuditEvent>> {
    return firstValueFrom(
      this.http.get<Page<AuditEvent>>('/api/audit', {
        params: params({ entityType, entityId, limit: 100 }),
      }),
    );
  }
}
