import { Module } from '@nestjs/common';
import { BiMetrics } from './bi.metrics.js';
import { BiReplica } from './bi-replica.service.js';

/** The BI replica: PostgreSQL kept current from the feed of stored changes, for BI tools that speak SQL. */
@Module({
  providers: [BiReplica, BiMetrics],
  exports: [BiReplica],
})
export class BiModule {}
