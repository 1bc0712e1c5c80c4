import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AllocationPolicy,
  AllocationRound,
  AllocationRoundProgress,
  AllocationRoundSummary,
  MyAllocationResult,
  Page,
  PolicyComparison,
  Profession,
  RoundApprovalResult,
} from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params } from './api-types';

export interface NewAllocationRound {
  name: string;
  startFrom: string;
  startTo: string;
  professions?: Profession[];
  seed?: string;
  universityIds?: string[];
}

/** Allocation rounds: create, run (without waiting: the page shows progress), compare, approve. */
@Injectable({ providedIn: 'root' })
export class AllocationClient {
  private readonly http = inject(HttpClient);

  list(cursor?: string): Promise<Page<AllocationRoundSummary>> {
    return firstValueFrom(
      this.http.get<Page<AllocationRoundSummary>>('/api/allocation-rounds', {
        params: params({ cursor, limit: 50 }),
      }),
    );
  }

  get(id: string): Promise<AllocationRound> {
    return firstValueFrom(this.http.get<AllocationRound>(`/api/allocation-rounds/${id}`));
  }

  /** Where a run has got, without the outcome: what to ask while it runs. */
  progress(id: string): Promise<AllocationRoundProgress> {
    return firstValueFrom(
      this.http.get<AllocationRoundProgress>(`/api/allocation-rounds/${id}/progress`),
    );
  }

  create(round: NewAllocationRound): Promise<AllocationRound> {
    return firstValueFrom(this.http.post<AllocationRound>('/api/allocation-rounds', round));
  }

  /** Starts a run and answers at once (202, still running); follow it with `progress`. */
  run(id: string, policy: AllocationPolicy): Promise<AllocationRound> {
    return firstValueFrom(
      this.http.post<AllocationRound>(
        `/api/allocation-rounds/${id}/run`,
        { policy },
        { headers: new HttpHeaders({ Prefer: 'respond-async' }) },
      ),
    );
  }

  compare(id: string): Promise<PolicyComparison> {
    return firstValueFrom(
      this.http.get<PolicyComparison>(`/api/allocation-rounds/${id}/comparison`),
    );
  }

  /** A student's own results in the rounds they took part in. */
  mine(): Promise<MyAllocationResult[]> {
    return firstValueFrom(this.http.get<MyAllocationResult[]>('/api/allocation-rounds/mine'));
  }

  approve(id: string, matchIds?: string[]): Promise<RoundApprovalResult> {
    return firstValueFrom(
      this.http.post<RoundApprovalResult>(
        `/api/allocation-rounds/${id}/approve`,
        matchIds ? { matchIds } : {},
      ),
    );
  }
}
