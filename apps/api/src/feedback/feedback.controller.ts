import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import {
  EducatorFeedbackDto,
  EducatorFeedbackInputDto,
  EducatorFeedbackListQueryDto,
  EducatorFeedbackPageDto,
  FeedbackListQueryDto,
  FeedbackSummaryDto,
  MatchFeedbackDto,
  PracticeHoursDto,
  QualityReportDto,
  StudentFeedbackDto,
  StudentFeedbackInputDto,
  StudentFeedbackPageDto,
} from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

const NOT_OPEN = {
  description:
    'Already given, not yet approved (or rejected/cancelled), or past the 7 days in which it can be changed',
  type: ApiErrorResponseDto,
};

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('matches/:id/feedback')
  @Roles('student')
  @ApiOperation({ summary: "The student's feedback on their approved placement, once per match" })
  @ApiCreatedResponse({ type: StudentFeedbackDto })
  @ApiConflictResponse(NOT_OPEN)
  @ApiForbiddenResponse({ description: 'Not the match’s student', type: ApiErrorResponseDto })
  give(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: StudentFeedbackInputDto,
  ): Promise<StudentFeedbackDto> {
    return this.feedback.giveStudentFeedback(actor, id, dto);
  }

  @Patch('matches/:id/feedback')
  @Roles('student')
  @ApiOperation({ summary: 'Change your feedback, within 7 days of giving it (replaces it)' })
  @ApiOkResponse({ type: StudentFeedbackDto })
  @ApiConflictResponse(NOT_OPEN)
  change(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: StudentFeedbackInputDto,
  ): Promise<StudentFeedbackDto> {
    return this.feedback.changeStudentFeedback(actor, id, dto);
  }

  @Post('matches/:id/educator-feedback')
  @Roles('provider')
  @ApiOperation({
    summary: "The practice educator's feedback on the student, with practice hours, once per match",
  })
  @ApiCreatedResponse({ type: EducatorFeedbackDto })
  @ApiConflictResponse(NOT_OPEN)
  giveEducator(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: EducatorFeedbackInputDto,
  ): Promise<EducatorFeedbackDto> {
    return this.feedback.giveEducatorFeedback(actor, id, dto);
  }

  @Patch('matches/:id/educator-feedback')
  @Roles('provider')
  @ApiOperation({ summary: 'Change educator feedback, within 7 days of recording it' })
  @ApiOkResponse({ type: EducatorFeedbackDto })
  @ApiConflictResponse(NOT_OPEN)
  changeEducator(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: EducatorFeedbackInputDto,
  ): Promise<EducatorFeedbackDto> {
    return this.feedback.changeEducatorFeedback(actor, id, dto);
  }

  @Get('matches/:id/feedback')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Both sides' feedback on a match as far as you may see it (providers: the educator's only)",
  })
  @ApiOkResponse({ type: MatchFeedbackDto })
  forMatch(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<MatchFeedbackDto> {
    return this.feedback.forMatch(actor, id);
  }

  @Get('feedback')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Students' feedback in full: your own, your university's students', or all (admins); providers see summaries instead",
  })
  @ApiOkResponse({ type: StudentFeedbackPageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: FeedbackListQueryDto,
  ): Promise<StudentFeedbackPageDto> {
    return this.feedback.listStudentFeedback(actor, query);
  }

  @Get('feedback/quality')
  @Roles('provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      'Feedback figures per placement and provider, flagged where below the quality thresholds',
  })
  @ApiOkResponse({ type: QualityReportDto })
  quality(@CurrentActor() actor: Actor): Promise<QualityReportDto> {
    return this.feedback.quality(actor);
  }

  @Get('educator-feedback')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Educators' feedback: about you, your university's students, your organisation's, or all (admins)",
  })
  @ApiOkResponse({ type: EducatorFeedbackPageDto })
  listEducator(
    @CurrentActor() actor: Actor,
    @Query() query: EducatorFeedbackListQueryDto,
  ): Promise<EducatorFeedbackPageDto> {
    return this.feedback.listEducatorFeedback(actor, query);
  }

  @Get('placements/:id/feedback-summary')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Students' feedback on a placement in aggregate; suppressed below 3 responses (except for admins)",
  })
  @ApiOkResponse({ type: FeedbackSummaryDto })
  placementSummary(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<FeedbackSummaryDto> {
    return this.feedback.placementSummary(actor, id);
  }

  @Get('organisations/:id/feedback-summary')
  @Roles('provider', 'coordinator', 'admin')
  @ApiOperation({ summary: "A provider's placements' feedback taken together; suppressed below 3" })
  @ApiOkResponse({ type: FeedbackSummaryDto })
  providerSummary(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<FeedbackSummaryDto> {
    return this.feedback.providerSummary(actor, id);
  }

  @Get('me/practice-hours')
  @Roles('student')
  @ApiOperation({ summary: "Your practice hours against your profession's requirement" })
  @ApiOkResponse({ type: PracticeHoursDto })
  myPracticeHours(@CurrentActor() actor: Actor): Promise<PracticeHoursDto> {
    return this.feedback.practiceHours(actor, actor.id);
  }

  @Get('users/:id/practice-hours')
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: "A student's practice hours (their coordinator, or an admin)" })
  @ApiOkResponse({ type: PracticeHoursDto })
  practiceHours(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<PracticeHoursDto> {
    return this.feedback.practiceHours(actor, id);
  }
}
