import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import {
  CapacityGapQueryDto,
  CapacityGapReportDto,
  CapacityQueryDto,
  CapacityReportDto,
  FeedbackTrendQueryDto,
  FeedbackTrendReportDto,
  TimeToApprovalQueryDto,
  TimeToApprovalReportDto,
  UnmatchedQueryDto,
  UnmatchedReportDto,
} from './dto/reports.dto';
import { csvFilename, toCsv, wantsCsv } from './report-output';
import { ReportsService } from './reports.service';

const CSV_NOTE =
  'With `Accept: text/csv` or `?format=csv`, the same rows as CSV (a header line of the fields; nested objects become their own columns).';

const CSV_COLUMNS = {
  capacity: [
    'key',
    'placements',
    'seats',
    'approved',
    'applications',
    'liveApplications',
    'fillRate',
  ],
  unmatched: ['reason', 'students'],
  timeToApproval: ['key', 'approvals', 'medianDays', 'p90Days', 'averageDays'],
  feedback: [
    'period',
    'responses',
    'suppressed',
    'induction',
    'supervision',
    'facilities',
    'learningOpportunities',
    'teamwork',
    'overall',
    'recommendRate',
  ],
  capacityGap: [
    'profession',
    'region',
    'setting',
    'demand',
    'unmet',
    'seats',
    'remainingSeats',
    'gap',
  ],
} as const;

/** The report routes share their negotiation: JSON `{ rows }`, or the rows as a CSV download. */
function answer<Row extends object>(
  reply: FastifyReply,
  csv: boolean,
  name: string,
  columns: readonly string[],
  rows: Row[],
): { rows: Row[] } | string {
  void reply.header('vary', 'Accept');
  if (!csv) return { rows };
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csvFilename(name)}"`);
  return toCsv(rows, columns);
}

@ApiTags('reports')
@Controller('reports')
@ApiBadRequestResponse({
  description: 'An unknown or invalid query field',
  type: ApiErrorResponseDto,
})
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('capacity')
  @Roles('coordinator', 'provider', 'admin')
  @ApiOperation({
    summary: 'Seats against applications and approvals, by profession, region or setting',
    description: `Published and closed placements only. Coordinators: the whole market's seats, their students' applications and approvals. Providers: their own placements. ${CSV_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CapacityReportDto })
  async capacity(
    @CurrentActor() actor: Actor,
    @Query() query: CapacityQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CapacityReportDto | string> {
    const rows = await this.reports.capacity(actor, query);
    return answer(
      reply,
      wantsCsv(accept, query.format),
      `capacity-by-${query.groupBy}`,
      CSV_COLUMNS.capacity,
      rows,
    );
  }

  @Get('unmatched')
  @Roles('coordinator', 'admin')
  @ApiOperation({
    summary: 'Students left unmatched by allocation rounds, by reason (every reason, even at 0)',
    description: `From each round's latest run; without roundId, every round you can see that has run, each student once per round. Coordinators count only their students. ${CSV_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: UnmatchedReportDto })
  @ApiNotFoundResponse({ description: 'No such round you can see', type: ApiErrorResponseDto })
  async unmatched(
    @CurrentActor() actor: Actor,
    @Query() query: UnmatchedQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UnmatchedReportDto | string> {
    const rows = await this.reports.unmatched(actor, query);
    return answer(reply, wantsCsv(accept, query.format), 'unmatched', CSV_COLUMNS.unmatched, rows);
  }

  @Get('time-to-approval')
  @Roles('coordinator', 'provider', 'admin')
  @ApiOperation({
    summary: 'Days from application to approval of approved and completed matches',
    description: `Median, 90th percentile and mean, to 1 decimal place. ${CSV_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TimeToApprovalReportDto })
  async timeToApproval(
    @CurrentActor() actor: Actor,
    @Query() query: TimeToApprovalQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimeToApprovalReportDto | string> {
    const rows = await this.reports.timeToApproval(actor, query);
    return answer(
      reply,
      wantsCsv(accept, query.format),
      `time-to-approval-by-${query.groupBy}`,
      CSV_COLUMNS.timeToApproval,
      rows,
    );
  }

  @Get('feedback')
  @Roles('coordinator', 'provider', 'admin')
  @ApiOperation({
    summary: "Students' feedback on placements per month or quarter",
    description: `Providers: their own placements, with periods suppressed (null figures) wherever a student could be identified. Coordinators: their students' feedback in full. ${CSV_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: FeedbackTrendReportDto })
  @ApiNotFoundResponse({
    description: 'No such placement or provider you can see',
    type: ApiErrorResponseDto,
  })
  async feedback(
    @CurrentActor() actor: Actor,
    @Query() query: FeedbackTrendQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FeedbackTrendReportDto | string> {
    const rows = await this.reports.feedbackTrend(actor, query);
    return answer(
      reply,
      wantsCsv(accept, query.format),
      `feedback-by-${query.period ?? 'month'}`,
      CSV_COLUMNS.feedback,
      rows,
    );
  }

  @Get('capacity-gap')
  @Roles('coordinator', 'provider', 'admin')
  @ApiOperation({
    summary:
      'Unmet demand against remaining seats by profession × region × setting, largest gap first',
    description: `Coordinators: their students' demand against the whole market's seats. Providers: their own placements' cells and applicants. ${CSV_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CapacityGapReportDto })
  async capacityGap(
    @CurrentActor() actor: Actor,
    @Query() query: CapacityGapQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CapacityGapReportDto | string> {
    const rows = await this.reports.capacityGap(actor, query);
    return answer(
      reply,
      wantsCsv(accept, query.format),
      'capacity-gap',
      CSV_COLUMNS.capacityGap,
      rows,
    );
  }
}
