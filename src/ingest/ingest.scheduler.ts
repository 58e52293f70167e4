import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { IngestService } from './ingest.service.js';
import { LeaseRepository } from './jobs/lease.repository.js';

/** Long enough that a replica whose clock or event loop lags still finds the tick taken. */
const TICK_LEASE_MS = 10 * 60_000;

/**
 * Only triggers: on each tick it starts the same job `POST /ingest` would. Every
 * replica ticks; a lease on the tick's time lets exactly one of them start the job.
 */
@Injectable()
export class IngestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(IngestScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: IngestService,
    private readonly leases: LeaseRepository,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { cron, cronSource } = this.config.ingest;
    if (!cron || !roleRuns(this.config).answers) return;
    const job = CronJob.from({ cronTime: cron, timeZone: 'UTC', onTick: () => void this.tick(new Date()), start: true });
    this.registry.addCronJob('scheduled-ingest', job);
    this.logger.log(`Scheduled ingest of ${cronSource} on "${cron}" (UTC); next at ${job.nextDate().toISO()}`);
  }

  async tick(at: Date): Promise<void> {
    const { cronSource, cronPages } = this.config.ingest;
    // Every replica's cron fires at the same scheduled second; that second names the tick.
    const second = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
    try {
      await this.leases.removeExpired('schedule:');
      if (!(await this.leases.acquire(`schedule:${cronSource}:${second}`, this.ingest.holder, TICK_LEASE_MS))) return;
      const job = await this.ingest.start(cronSource, cronSource === 'tmdb-changes' ? {} : { pages: cronPages }, 'schedule');
      this.logger.log(`Scheduled ingest started job ${job._id}`);
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.JOB_CONFLICT) this.logger.warn(`Scheduled ingest skipped: ${error.message}`);
      else this.logger.error(`Scheduled ingest failed to start: ${(error as Error).message}`);
    }
  }
}
