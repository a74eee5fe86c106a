import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ChangesRepository } from './changes.repository.js';
import { decodeEntry, type StreamChange } from './stream-change.js';
import { REDIS_BLOCKING } from './changes.tokens.js';
import { awaitsLink, coalesceLinks, linkKey } from './incident-links.js';

/** Fusion counts as running (worth waiting for) while one of its links was seen this recently. */
const FUSION_SEEN_MS = 30_000;

export type BatchListener = (batch: StreamChange[]) => void;

/**
 * One blocking XREAD per instance follows the change stream and hands each batch, in id order, to
 * every listener (Socket.IO, GraphQL subscriptions). Nothing is pushed in memory between instances:
 * each instance reads the stream itself, so any instance serves any client.
 */
@Injectable()
export class ChangeTail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeTail.name);
  private readonly listeners = new Set<BatchListener>();
  private running = false;
  private loop: Promise<void> | null = null;
  #position = '0-0';
  private linkSeenAt = 0;

  /**
   * How long a batch holding new reports or alerts waits for fusion to link them to their incidents
   * (LIVE_LINK_WAIT_MS). Fusion links within a millisecond or two when it keeps up; past this the
   * batch goes as it is, and the links follow on their own.
   */
  private readonly linkWaitMs: number;

  constructor(
    @Inject(REDIS_BLOCKING) private readonly blocking: Redis,
    private readonly changes: ChangesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.linkWaitMs = config.LIVE_LINK_WAIT_MS;
  }

  /** The id of the last change handed to listeners. */
  get position(): string {
    return this.#position;
  }

  onListen(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.#position = await this.changes.lastId();
    this.running = true;
    this.loop = this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.blocking.disconnect();
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  /**
   * Extends the batch with what follows until every new signal in it has its link, or the wait is
   * over. A blocking read returns the moment the link lands; only when none comes can Redis overrun
   * a block this short by up to its timer tick (100 ms at the default hz), which happens only while
   * fusion is lagging or gone — and after FUSION_SEEN_MS without links the tail stops waiting.
   */
  private async awaitLinks(batch: StreamChange[]): Promise<StreamChange[]> {
    const waiting = new Set(batch.filter(awaitsLink).map(linkKey));
    const until = Date.now() + this.linkWaitMs;
    let left = until - Date.now();
    while (waiting.size && left > 0 && this.running) {
      const res = (await this.blocking.xread('COUNT', 1000, 'BLOCK', left, 'STREAMS', this.changes.streamKey, batch[batch.length - 1]!.id)) as [string, [string, string[]][]][] | null;
      for (const entry of res?.[0]?.[1] ?? []) {
        const c = decodeEntry(entry);
        batch.push(c);
        if (c.link) waiting.delete(linkKey(c));
      }
      left = until - Date.now();
    }
    return batch;
  }

  private async follow(): Promise<void> {
    while (this.running) {
      try {
        const res = (await this.blocking.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', this.changes.streamKey, this.#position)) as
          | [string, [string, string[]][]][]
          | null;
        const entries = res?.[0]?.[1];
        if (!entries?.length) continue;
        let batch = entries.map(decodeEntry);
        if (this.linkWaitMs && Date.now() - this.linkSeenAt < FUSION_SEEN_MS) batch = await this.awaitLinks(batch);
        if (batch.some((c) => c.link)) this.linkSeenAt = Date.now();
        this.#position = batch[batch.length - 1]!.id;
        batch = coalesceLinks(batch);
        for (const listener of this.listeners) {
          try {
            listener(batch);
          } catch (err) {
            this.logger.error(`listener failed: ${(err as Error).stack}`);
          }
        }
      } catch (err) {
        if (!this.running) return;
        this.logger.warn(`change stream read failed (${(err as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
