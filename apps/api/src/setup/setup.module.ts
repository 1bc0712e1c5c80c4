import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SetupService } from './setup.service';

@Module({ imports: [AuthModule], providers: [SetupService], exports: [SetupService] })
export class SetupModule {}
