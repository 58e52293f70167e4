import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StreamModule } from '../stream/stream.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), StreamModule],
  controllers: [HealthController],
})
export class HealthModule {}
