import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Metrics, type Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { Public } from '../auth/auth.decorators';

/**
 * Prometheus scrape endpoint. Public at the HTTP level like the health checks: an operator
 * restricts it at the network (ingress) rather than with a caseworker token.
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  async scrape(@Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const text = await this.metrics.render((error) => this.logger.warn({ err: error }, 'A metrics scrape hook failed'));
    res.header('Content-Type', this.metrics.contentType).header('Cache-Control', 'no-store');
    return text;
  }
}
