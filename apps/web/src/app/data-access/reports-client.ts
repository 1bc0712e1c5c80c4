import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CapacityGapRow,
  CapacityGroup,
  CapacityRow,
  DurationGroup,
  FeedbackTrendRow,
  Profession,
  Region,
  Setting,
  TimeToApprovalRow,
  UnmatchedRow,
} from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params } from './api-types';

/** Filters every report takes: placement start dates (YYYY-MM-DD) and what the placement is. */
export interface ReportFilters {
  from?: string;
  to?: string;
  profession?: Profession;
  region?: Region;
  setting?: Setting;
}

export type FeedbackPeriod = 'month' | 'quarter';

/** Each report's address and the query it takes beyond the common filters. */
export interface ReportQueries {
  capacity: ReportFilters & { groupBy: CapacityGroup };
  /** Students belong to no one region or setting, so those filters do not apply. */
  unmatched: Pick<ReportFilters, 'from' | 'to' | 'profession'> & { roundId?: string };
  'time-to-approval': ReportFilters & { groupBy: DurationGroup };
  feedback: ReportFilters & { period: FeedbackPeriod };
  'capacity-gap': ReportFilters;
}

export interface ReportRows {
  capacity: CapacityRow;
  unmatched: UnmatchedRow;
  'time-to-approval': TimeToApprovalRow;
  feedback: FeedbackTrendRow;
  'capacity-gap': CapacityGapRow;
}

export type ReportName = keyof ReportQueries;

/** The reports behind the dashboard, as rows (JSON) or as the CSV file the API writes. */
@Injectable({ providedIn: 'root' })
export class ReportsClient {
  private readonly http = inject(HttpClient);

  rows<R extends ReportName>(report: R, query: ReportQueries[R]): Promise<ReportRows[R][]> {
    return firstValueFrom(
      this.http.get<{ rows: ReportRows[R][] }>(`/api/reports/${report}`, {
        params: params(query),
      }),
    ).then((reply) => reply.rows);
  }

  /** The report as a CSV file, named as the API names it (or after the report). */
  async csv<R extends ReportName>(
    report: R,
    query: ReportQueries[R],
  ): Promise<{ blob: Blob; filename: string }> {
    const response = await firstValueFrom(
      this.http.get(`/api/reports/${report}`, {
        params: params(query),
        headers: new HttpHeaders({ Accept: 'text/csv' }),
        responseType: 'blob',
        observe: 'response',
      }),
    );
    return {
      blob: response.body ?? new Blob([], { type: 'text/csv' }),
      filename: attachmentName(response.headers.get('content-disposition')) ?? `${report}.csv`,
    };
  }
}

/** The file name in a `Content-Disposition: attachment; filename="…"` header, if any. */
export function attachmentName(header: string | null): string | null {
  const match = /filename="?([^";]+)"?/i.exec(header ?? '');
  return match ? match[1].trim() : null;
}
