import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ReadModel } from '../read-model/read-model.service.js';
import { AnalyticsMetrics } from './analytics.metrics.js';
import { SpearmanWorker } from './compute/spearman-worker.js';
import type { AnswerFormat } from './dto/answer.query.dto.js';
import type { AnswerView } from './dto/answer.view.js';
import { withDefaults } from '../common/dto/query-params.js';
import { QUESTIONS, type AnswerName } from './questions/index.js';
import { FRESHNESS_CONTRACT, type AnswerCore, type NamedMovie } from './questions/question.js';

/** An answer to send, or only its ETag when the client already holds it. */
export interface Reply<T> {
  etag: string;
  body: T | null;
}

/**
 * Answers kept per (model state, question, parameters): a dashboard's repeated questions are
 * served without a scan while the data stands still. Small, because any answer is a scan of
 * milliseconds away; an entry is dropped as soon as the model changes.
 */
const MEMO_ENTRIES = 256;

interface Memo {
  changes: number;
  core: Promise<AnswerCore>;
}

/**
 * Answers the analytics questions from the read model: every answer is computed on request from
 * the in-memory copy of the movies, for any parameters, with no database on the request path.
 */
@Injectable()
export class AnalyticsService implements OnApplicationShutdown {
  private readonly memo = new Map<string, Memo>();
  private readonly spearman = new SpearmanWorker();

  constructor(
    private readonly model: ReadModel,
    private readonly metrics: AnalyticsMetrics,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.spearman.close();
  }

  /** The answer to one question, unless `ifNoneMatch` shows the client holds it already (checked before computing). */
  async reply(name: AnswerName, query: object, format: AnswerFormat, ifNoneMatch: string | undefined): Promise<Reply<AnswerView>> {
    this.model.assertReady();
    const params = withDefaults(QUESTIONS[name].query, query);
    const current = etagOf(this.model.dataVersion(), name, params, format);
    if (matchesEtag(ifNoneMatch, current)) return { etag: current, body: null };
    const body = await this.answer(name, params);
    return { etag: etagOf(body.dataVersion, name, params, format), body };
  }

  /** The answer with these (already defaulted) parameters, as of the model's state now. */
  async answer(name: AnswerName, params: Record<string, unknown>): Promise<AnswerView> {
    this.model.assertReady();
    // The model's state is read before computing: the computation reads the columns before its first await.
    const status = this.model.status();
    const core = await this.core(name, params);
    return {
      question: QUESTIONS[name].question,
      definition: QUESTIONS[name].definition,
      params,
      ...core,
      dataVersion: status.dataVersion,
      asOf: status.asOf,
      settled: status.settled,
      feed: status.feed.up ? 'up' : 'down',
      freshness: FRESHNESS_CONTRACT,
    } as unknown as AnswerView;
  }

  /** The default parameters of a question, as the BI tables use them. */
  defaults(name: AnswerName): Record<string, unknown> {
    return withDefaults(QUESTIONS[name].query, {});
  }

  private core(name: AnswerName, params: Record<string, unknown>): Promise<AnswerCore> {
    const key = `${name}:${JSON.stringify(params)}`;
    const changes = this.model.store.changes;
    const kept = this.memo.get(key);
    if (kept && kept.changes === changes) {
      this.memo.delete(key);
      this.memo.set(key, kept);
      return kept.core;
    }
    const core = this.compute(name, params);
    this.memo.set(key, { changes, core });
    core.catch(() => this.memo.get(key)?.core === core && this.memo.delete(key));
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value!);
    return core;
  }

  private async compute(name: AnswerName, params: Record<string, unknown>): Promise<AnswerCore> {
    const end = this.metrics.compute.startTimer({ answer: name });
    const unit = QUESTIONS[name];
    try {
      const core = (await unit.compute(this.model.store, params, { spearman: (x, y) => this.spearman.spearman(x, y) })) as unknown as AnswerCore;
      this.nameMovies(unit.movies?.(core as never) ?? []);
      end({ outcome: 'ok' });
      return core;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  }

  /** Fills in the titles of the movies an answer names, from the read model (no database round trip). */
  private nameMovies(items: NamedMovie[]): void {
    const store = this.model.store;
    for (const item of items) {
      const slot = store.slotOf(item.tmdbId);
      if (slot >= 0) item.title = store.titleOf(slot);
    }
  }
}

/** Same data version, question, parameters and representation → same ETag, on every replica. */
export function etagOf(dataVersion: string, endpoint: string, params: Record<string, unknown>, format: AnswerFormat): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([dataVersion, endpoint, params, format]))
    .digest('base64url')
    .slice(0, 27);
  return `"${hash}"`;
}

/** `If-None-Match` holds a list of ETags (weak ones compare equal too) or `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** The envelope fields an answer carries besides its core (for comparisons that ignore them). */
export const ENVELOPE_FIELDS: readonly (keyof AnswerView)[] = ['dataVersion', 'asOf', 'settled', 'feed', 'freshness'];
