import { ConfigError, loadAppConfig, redactUrl } from './app-config';

describe('loadAppConfig', () => {
  it('defaults to the embedded database in ./.hisob, inline jobs, info logs, port 3000', () => {
    expect(loadAppConfig({}, '/srv/hisob')).toEqual({
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseLogSql: false,
      dataDir: '/srv/hisob/.hisob',
      redisUrl: undefined,
      logLevel: 'info',
      port: 3000,
    });
  });

  it('reads every variable, treating empty values as unset', () => {
    const config = loadAppConfig(
      {
        DATABASE_URL: 'postgres://hisob:secret@db:5432/hisob',
        DATABASE_POOL_SIZE: '25',
        DATABASE_LOG_SQL: 'true',
        HISOB_DATA_DIR: '/var/lib/hisob',
        REDIS_URL: '  ',
        LOG_LEVEL: 'DEBUG',
        PORT: '8080',
      },
      '/srv/hisob',
    );
    expect(config).toEqual({
      databaseUrl: 'postgres://hisob:secret@db:5432/hisob',
      databasePoolSize: 25,
      databaseLogSql: true,
      dataDir: '/var/lib/hisob',
      redisUrl: undefined,
      logLevel: 'debug',
      port: 8080,
    });
  });

  it('reports every bad variable at once, without echoing the database password', () => {
    let error: unknown;
    try {
      loadAppConfig({
        DATABASE_URL: 'mysql://root:hunter2@db/hisob',
        REDIS_URL: 'localhost:6379',
        LOG_LEVEL: 'chatty',
        PORT: '80a',
        DATABASE_POOL_SIZE: '0',
        DATABASE_LOG_SQL: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'DATABASE_URL', message: 'must start with postgres:// or postgresql://, got mysql://' },
      { variable: 'REDIS_URL', message: 'must start with redis:// or rediss://, got localhost://' },
      { variable: 'LOG_LEVEL', message: 'must be one of error, warn, info, debug, verbose, got "chatty"' },
      { variable: 'DATABASE_POOL_SIZE', message: 'must be a whole number from 1 to 1000, got "0"' },
      { variable: 'DATABASE_LOG_SQL', message: 'must be true or false, got "maybe"' },
      { variable: 'PORT', message: 'must be a whole number from 1 to 65535, got "80a"' },
    ]);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses a DATABASE_URL that is not a URL', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'not a url' })).toThrow(
      'DATABASE_URL: not a valid URL (expected postgres://…)',
    );
  });
});

describe('redactUrl', () => {
  it('hides the password only', () => {
    expect(redactUrl('postgres://hisob:secret@db:5432/hisob')).toBe('postgres://hisob:***@db:5432/hisob');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
});
