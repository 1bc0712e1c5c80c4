import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import type { Environment } from './environment';

/**
 * Settings come in already validated (see validateEnvironment), so a bad value stops the process
 * at start with a message naming it, and tests can build an app with their own settings.
 */
@Global()
@Module({})
export class AppConfigModule {
  static register(environment: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...environment })],
        }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
