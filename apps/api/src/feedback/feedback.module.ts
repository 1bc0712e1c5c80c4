import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller';
import { FeedbackRequestsService } from './feedback-requests.service';
import { FeedbackService } from './feedback.service';

@Module({
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackRequestsService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
