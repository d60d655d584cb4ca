// HTTP entrypoint: `npm run build && node dist/src/main.js` (or `npm run start:api`).
import { Logger, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { ConfigError, loadAppConfig, redactUrl, type LogLevel } from './infra/config/app-config';
import { configureHttpApp } from './infra/http/configure-app';

const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export async function bootstrap(): Promise<NestExpressApplication> {
  // Environment problems stop the boot with every bad variable named (Immich-style typed config).
  const config = loadAppConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config }), {
    bodyParser: false,
    logger: NEST_LEVELS[config.logLevel],
  });
  app.enableShutdownHooks();
  configureHttpApp(app, { version: packageVersion() });
  await app.listen(config.port);
  const database = config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `PGlite in ${config.dataDir}`;
  new Logger('Hisob').log(`API listening on port ${config.port} (${database}); OpenAPI at /docs`);
  return app;
}

function packageVersion(): string {
  for (const up of ['..', join('..', '..')]) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // try the next candidate: src/ under ts-node, dist/src/ when built
    }
  }
  return '0';
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`hisob api: ${error.message}\n`);
    else process.stderr.write(`hisob api: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
