import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadAppConfig, type AppConfig } from '../config/app-config';
import { APP_CONFIG } from './tokens';

/**
 * The typed configuration as a provider. Read from the environment once, at boot (a bad variable
 * stops the boot with every problem listed); tests pass their own.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadAppConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
