import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Organisation, Page } from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params, type NewOrganisation, type OrganisationQuery } from './api-types';

@Injectable({ providedIn: 'root' })
export class OrganisationsClient {
  private readonly http = inject(HttpClient);

  list(query: OrganisationQuery = {}): Promise<Page<Organisation>> {
    return firstValueFrom(
      this.http.get<Page<Organisation>>('/api/organisations', { params: params(query) }),
    );
  }

  /** Every organisation matching the query, following the cursor (for pick lists). */
  async all(query: Omit<OrganisationQuery, 'cursor' | 'limit'> = {}): Promise<Organisation[]> {
    const result: Organisation[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...query, cursor, limit: 100 });
      result.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return result;
  }

  create(organisation: NewOrganisation): Promise<Organisation> {
    return firstValueFrom(this.http.post<Organisation>('/api/organisations', organisation));
  }
}
