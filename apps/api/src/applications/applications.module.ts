import { Module } from '@nestjs/common';
import { MatchesModule } from '../matches/matches.module';
import { ApplicationsController, PlacementRankingController } from './applications.controller';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [MatchesModule],
  controllers: [ApplicationsController, PlacementRankingController],
  providers: [ApplicationsService],
})
export class ApplicationsModule {}
