import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ProbesController, ShutdownState } from './probes.controller';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  controllers: [HealthController, ProbesController],
  providers: [ShutdownState],
})
export class HealthModule {}
