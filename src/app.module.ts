import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from './infra/config/app-config';
import type { HisobDataSource } from './infra/database/data-source';
import { ApiExceptionFilter } from './infra/http/exception.filter';
import { ApiValidationPipe } from './infra/http/validation';
import { ConfigModule } from './infra/nest/config.module';
import { DatabaseModule } from './infra/nest/database.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClaimsModule } from './modules/claims/claims.module';
import { HealthModule } from './modules/health/health.module';
import { ReferenceModule } from './modules/reference/reference.module';
import { RegistryModule } from './modules/registry/registry.module';
import { SettlementModule, type SettlementModuleOptions } from './modules/settlement/settlement.module';

export interface AppModuleOptions {
  /** Configuration; read from the environment when absent. */
  config?: AppConfig;
  /** An open, migrated data source (tests); opened from the configuration when absent. */
  dataSource?: HisobDataSource;
  /** Settlement job driver and chunk size (tests); from the environment when absent. */
  settlement?: SettlementModuleOptions;
}

/** The HTTP API: every feature module, the global auth guard, validation pipe and error filter. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({ dataSource: options.dataSource }),
        AuthModule,
        HealthModule,
        ReferenceModule,
        RegistryModule,
        ClaimsModule,
        SettlementModule.forRoot(options.settlement),
      ],
      providers: [
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
