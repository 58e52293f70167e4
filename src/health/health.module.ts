import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadModelModule } from '../read-model/read-model.module.js';
import { BiModule } from '../bi/bi.module.js';
import { StreamModule } from '../stream/stream.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), StreamModule, ReadModelModule, BiModule],
  controllers: [HealthController],
})
export class HealthModule {}
