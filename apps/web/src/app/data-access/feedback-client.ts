import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  EducatorFeedback,
  EducatorFeedbackInput,
  FeedbackSummary,
  MatchFeedback,
  Page,
  PracticeHours,
  QualityReport,
  StudentFeedback,
  StudentFeedbackInput,
} from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { params } from './api-types';

export interface StudentFeedbackQuery {
  placementId?: string;
  studentId?: string;
  cursor?: string;
  limit?: number;
}

export interface EducatorFeedbackQuery {
  studentId?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Feedback both ways on a match, what it adds up to (summaries and the quality report) and the
 * practice hours that educators' feedback records.
 */
@Injectable({ providedIn: 'root' })
export class FeedbackClient {
  private readonly http = inject(HttpClient);

  /** Both sides' feedback on one match, as far as the caller may see it. */
  forMatch(matchId: string): Promise<MatchFeedback> {
    return firstValueFrom(this.http.get<MatchFeedback>(`/api/matches/${matchId}/feedback`));
  }

  /** The student's feedback: a new one, or (`change`) the one they gave, while they still may. */
  giveStudentFeedback(
    matchId: string,
    feedback: StudentFeedbackInput,
    change: boolean,
  ): Promise<StudentFeedback> {
    const url = `/api/matches/${matchId}/feedback`;
    return firstValueFrom(
      change
        ? this.http.patch<StudentFeedback>(url, feedback)
        : this.http.post<StudentFeedback>(url, feedback),
    );
  }

  giveEducatorFeedback(
    matchId: string,
    feedback: EducatorFeedbackInput,
    change: boolean,
  ): Promise<EducatorFeedback> {
    const url = `/api/matches/${matchId}/educator-feedback`;
    return firstValueFrom(
      change
        ? this.http.patch<EducatorFeedback>(url, feedback)
        : this.http.post<EducatorFeedback>(url, feedback),
    );
  }

  studentFeedback(query: StudentFeedbackQuery = {}): Promise<Page<StudentFeedback>> {
    return firstValueFrom(
      this.http.get<Page<StudentFeedback>>('/api/feedback', { params: params(query) }),
    );
  }

  educatorFeedback(query: EducatorFeedbackQuery = {}): Promise<Page<EducatorFeedback>> {
    return firstValueFrom(
      this.http.get<Page<EducatorFeedback>>('/api/educator-feedback', { params: params(query) }),
    );
  }

  placementSummary(placementId: string): Promise<FeedbackSummary> {
    return firstValueFrom(
      this.http.get<FeedbackSummary>(`/api/placements/${placementId}/feedback-summary`),
    );
  }

  organisationSummary(organisationId: string): Promise<FeedbackSummary> {
    return firstValueFrom(
      this.http.get<FeedbackSummary>(`/api/organisations/${organisationId}/feedback-summary`),
    );
  }

  quality(): Promise<QualityReport> {
    return firstValueFrom(this.http.get<QualityReport>('/api/feedback/quality'));
  }

  /** The signed-in student's own hours. */
  myPracticeHours(): Promise<PracticeHours> {
    return firstValueFrom(this.http.get<PracticeHours>('/api/me/practice-hours'));
  }

  /** A student's hours, for their coordinator or an admin. */
  practiceHours(studentId: string): Promise<PracticeHours> {
    return firstValueFrom(this.http.get<PracticeHours>(`/api/users/${studentId}/practice-hours`));
  }
}
