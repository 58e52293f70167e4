import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import { KafkaAdminService } from '../stream/kafka-admin.service.js';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('operations')
/** Probes and scrapes are never rate limited: an orchestrator must always get its answer. */
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly kafka: KafkaAdminService,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'MongoDB and Kafka reachability, each reported separately; 503 when either is down.' })
  check() {
    return this.health.check([
      () => this.mongoose.pingCheck('mongodb').withTimeout(PROBE_TIMEOUT_MS),
      () =>
        this.indicators
          .check('kafka')
          .attempt(async () => this.kafka.describeCluster())
          .withTimeout(PROBE_TIMEOUT_MS),
    ]);
  }

  @Get('health/live')
  @ApiOperation({ summary: 'The process answers (no dependency checked).' })
  @ApiOkResponse({
    description: 'Alive.',
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics.' })
  @ApiOkResponse({
    description: 'Every metric in the Prometheus text exposition format 0.0.4.',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
