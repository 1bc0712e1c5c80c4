import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { MatchesModule } from '../matches/matches.module';
import { PlacementsController } from './placements.controller';
import { PlacementsService } from './placements.service';

@Module({
  imports: [MatchesModule, FeedbackModule],
  controllers: [PlacementsController],
  providers: [PlacementsService],
  exports: [PlacementsService],
})
export class PlacementsModule {}
