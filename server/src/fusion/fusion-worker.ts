/**
 * Entry point of the fusion worker thread (started by FusionHost). Fusion is the server's heaviest
 * steady work — every signal scored against its neighbours, incidents re-derived — and on the API's
 * own event loop it halved the reports accepted per second and delayed live delivery behind each
 * step. Here it has a thread (and a heap) of its own and talks to the rest only through Redis.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { LEVELS } from '../log-levels.js';
import type { AppConfig } from '../config/app-config.js';
import { FusionRunner } from './fusion-runner.js';
import { FusionWorkerModule } from './fusion-worker.module.js';

const FUSION_NICE = 10;

const { config, redisUrl } = workerData as { config: AppConfig; redisUrl: string };

// When the machine is short of CPU, taking in reports comes first: fusion is derived from stored
// signals and catches up afterwards (nothing is lost, its input waits in the stream). On Linux a
// nice value belongs to a thread, and pid 0 means the calling one: this lowers only this thread.
try {
  os.setPriority(0, FUSION_NICE);
} catch {
  // Not permitted here (some sandboxes): fusion simply competes as an equal.
}
const app = await NestFactory.createApplicationContext(FusionWorkerModule.forRoot(config, redisUrl), { logger: LEVELS[config.LOG_LEVEL] });
await app.init();
parentPort!.postMessage({ ready: true, owner: app.get(FusionRunner).owner });
parentPort!.on('message', (message) => {
  if (message !== 'stop') return;
  // Writes what it fused and not yet stored, gives up the lease, closes Redis; then the thread ends.
  void app.close().finally(() => parentPort!.close());
});
