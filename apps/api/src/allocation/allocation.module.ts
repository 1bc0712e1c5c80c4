import { Module } from '@nestjs/common';
import { MatchesModule } from '../matches/matches.module';
import { AllocationController } from './allocation.controller';
import { AllocationService } from './allocation.service';

@Module({
  imports: [MatchesModule],
  controllers: [AllocationController],
  providers: [AllocationService],
})
export class AllocationModule {}
