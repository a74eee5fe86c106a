import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ChangesRepository } from './changes.repository.js';
import { decodeEntry, type StreamChange } from './stream-change.js';
import { REDIS_BLOCKING } from './changes.tokens.js';

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

  constructor(
    @Inject(REDIS_BLOCKING) private readonly blocking: Redis,
    private readonly changes: ChangesRepository,
  ) {}

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

  private async follow(): Promise<void> {
    while (this.running) {
      try {
        const res = (await this.blocking.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', this.changes.streamKey, this.#position)) as
          | [string, [string, string[]][]][]
          | null;
        const entries = res?.[0]?.[1];
        if (!entries?.length) continue;
        const batch = entries.map(decodeEntry);
        this.#position = batch[batch.length - 1]!.id;
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
