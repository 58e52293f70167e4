import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import { KafkaAdminService } from '../stream/kafka-admin.service.js';
import { ReadModel } from '../read-model/read-model.service.js';
import { BiReplica } from '../bi/bi-replica.service.js';
import { ConsumerStatus } from '../stream/consumer.status.js';

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
    private readonly model: ReadModel,
    private readonly bi: BiReplica,
    private readonly consumer: ConsumerStatus,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({
    summary:
      'MongoDB, Kafka, the read model and the BI replica, each reported separately; 503 when a dependency is down or the read model is still loading. readModel gives its movies, feed position (dataVersion), lag, asOf, settled (with waitingFor: what is still on its way while it is not) and whether the feed is up. bi (processes that write the BI replica) gives its lag, asOf and whether PostgreSQL and the feed answer; only a process of role `bi` turns 503 when PostgreSQL is down, an API replica serves on. consumer (processes that consume the movie topic) lists the partitions whose current chunk failed and is being retried, since when, how many attempts and the last error; it never fails the check.',
  })
  check() {
    return this.health.check([
      ...(!this.bi.running
        ? []
        : [
            () => {
              const status = this.bi.status();
              const indicator = this.indicators.check('bi');
              // Readiness of a `bi` process is the replica's; in `all` it is reported and never fails the API's.
              const healthy = this.config.role !== 'bi' || (status.state === 'following' && status.database.up);
              return healthy ? indicator.up({ ...status }) : indicator.down({ ...status });
            },
          ]),
      ...(!roleRuns(this.config).answers
        ? []
        : [
            () => {
              const status = this.model.status();
              const indicator = this.indicators.check('readModel');
              return status.state === 'ready' ? indicator.up({ ...status }) : indicator.down({ ...status });
            },
          ]),
      // Reported, never failing readiness: a consumer retrying a chunk waits for MongoDB or Kafka, whose own checks fail.
      ...(!roleRuns(this.config).consumer ? [] : [() => this.indicators.check('consumer').up({ ...this.consumer.snapshot() })]),
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
