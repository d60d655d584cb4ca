import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/decorators';
import { HealthService, type HealthReport } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** No token needed; 503 when the database (or Redis, when configured) does not answer. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and dependencies: the database, and Redis when configured' })
  async check(@Res({ passthrough: true }) res: ServerResponse): Promise<HealthReport> {
    const report = await this.health.check();
    res.statusCode = report.status === 'ok' ? 200 : 503;
    return report;
  }
}
