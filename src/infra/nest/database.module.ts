import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { databaseConfigFrom } from '../database/database-config';
import { HisobDataSource, openDataSource } from '../database/data-source';
import { APP_CONFIG, DATA_SOURCE } from './tokens';

const OWNS_DATA_SOURCE = Symbol('OWNS_DATA_SOURCE');

export interface DatabaseModuleOptions {
  /** An open, migrated data source to use (tests); the app then leaves closing it to the caller. */
  dataSource?: HisobDataSource;
}

/** Closes the data source the module opened itself when the app shuts down. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: HisobDataSource,
    @Inject(OWNS_DATA_SOURCE) private readonly owned: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.owned) return;
    await this.dataSource.destroy();
    this.logger.log('database closed');
  }
}

/**
 * The TypeORM data source as a global provider: PostgreSQL when DATABASE_URL is set, the embedded
 * PGlite otherwise. Opening it runs pending migrations (under an advisory lock), so a fresh database
 * is ready when the app starts listening.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATA_SOURCE,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => options.dataSource ?? openDataSource(databaseConfigFrom(config)),
        },
        { provide: OWNS_DATA_SOURCE, useValue: options.dataSource === undefined },
        DataSourceCloser,
      ],
      exports: [DATA_SOURCE],
    };
  }
}
