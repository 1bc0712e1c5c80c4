import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ImportResult,
  Page,
  Placement,
  PlacementModel,
  PlacementStatus,
  Profession,
  Region,
  Requirement,
  Setting,
} from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params } from './api-types';

export interface PlacementQuery {
  profession?: Profession;
  setting?: Setting;
  region?: Region;
  status?: PlacementStatus;
  near?: string;
  radiusKm?: number;
  startFrom?: string;
  startTo?: string;
  q?: string;
  providerId?: string;
  cursor?: string;
  limit?: number;
}

export interface PlacementInput {
  title: string;
  description?: string | null;
  professions: Profession[];
  setting: Setting;
  serviceType?: string | null;
  model: PlacementModel;
  postcode: string;
  startDate: string;
  endDate: string;
  hoursPerWeek?: number | null;
  capacity: number;
  minYearOfStudy?: number;
  requirements?: Requirement[];
  applicationDeadline?: string | null;
}

@Injectable({ providedIn: 'root' })
export class PlacementsClient {
  private readonly http = inject(HttpClient);

  search(query: PlacementQuery): Promise<Page<Placement>> {
    return firstValueFrom(
      this.http.get<Page<Placement>>('/api/placements', { params: params(query) }),
    );
  }

  get(id: string): Promise<Placement> {
    return firstValueFrom(this.http.get<Placement>(`/api/placements/${id}`));
  }

  create(placement: PlacementInput): Promise<Placement> {
    return firstValueFrom(this.http.post<Placement>('/api/placements', placement));
  }

  update(id: string, changes: Partial<PlacementInput>): Promise<Placement> {
    return firstValueFrom(this.http.patch<Placement>(`/api/placements/${id}`, changes));
  }

  publish(id: string): Promise<Placement> {
    return firstValueFrom(this.http.post<Placement>(`/api/placements/${id}/publish`, {}));
  }

  close(id: string): Promise<Placement> {
    return firstValueFrom(this.http.post<Placement>(`/api/placements/${id}/close`, {}));
  }

  cancel(id: string, reason: string): Promise<Placement> {
    return firstValueFrom(this.http.post<Placement>(`/api/placements/${id}/cancel`, { reason }));
  }

  importCsv(csv: string, publish: boolean): Promise<ImportResult> {
    return firstValueFrom(
      this.http.post<ImportResult>('/api/placements/import', csv, {
        headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
        params: publish ? { publish: 'true' } : {},
      }),
    );
  }
}
