import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FusionRepository } from './fusion.repository.js';

/**
 * The worker runs the compiled code (`npm run build`; `npm test` and `npm start` build first): this
 * path is the same from server/src (tests, which run the sources) and from server/dist.
 */
const WORKER_URL = new URL('../../dist/fusion/fusion-worker.js', import.meta.url);
const RESTART_AFTER_MS = 1000;
const STOP_WAIT_MS = 4000;

/**
 * Keeps the fusion worker thread running on this instance (unless FUSION=off): starts it with the
 * instance, starts it again if it dies, and stops it last, after it has written what it fused.
 */
@Injectable()
export class FusionHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FusionHost.name);
  private worker: Worker | null = null;
  private stopping = false;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('REDIS_URL') private readonly redisUrl: string,
    private readonly fusion: FusionRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.FUSION === 'off') return;
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
    await worker.terminate();
  }

  /** Resolves once the worker is up (or has failed to start; it is then started again later). */
  private start(): Promise<void> {
    const worker = new Worker(WORKER_URL, { workerData: { config: this.config, redisUrl: this.redisUrl } });
    this.worker = worker;
    let owner: string | null = null;
    return new Promise((resolve) => {
      worker.once('message', (m: { ready?: boolean; owner?: string }) => {
        owner = m.owner ?? null;
        resolve();
      });
      worker.on('error', (err) => this.logger.error(`fusion worker failed: ${err.stack ?? err.message}`));
      worker.once('exit', (code) => {
        resolve();
        if (this.worker === worker) this.worker = null;
        if (this.stopping) return;
        this.logger.warn(`fusion worker exited (code ${code}); starting it again in ${RESTART_AFTER_MS} ms`);
        // The dead thread's lease would block every instance for its whole term: free it (only if still its own).
        const freed = owner ? this.fusion.releaseLease(owner).catch(() => undefined) : Promise.resolve();
        this.restart = setTimeout(() => void freed.then(() => this.start()), RESTART_AFTER_MS);
        this.restart.unref();
      });
    });
  }
}
