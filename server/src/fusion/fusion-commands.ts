import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor, Incident } from '@sitroom/shared';
import { FusionRepository } from './fusion.repository.js';

export type FusionCommand =
  | { cmd: 'merge'; into: string; from: string }
  | { cmd: 'split'; incident: string; kind: 'report' | 'alert'; id: string }
  | { cmd: 'status'; incident: string; status: Incident['status'] };

/**
 * Operator actions on incidents, from any instance: queued on `fusion:commands` for whichever
 * instance runs fusion (its runner applies them in its own loop, so they never race automation).
 */
@Injectable()
export class FusionCommands {
  constructor(private readonly fusion: FusionRepository) {}

  /** Queues an operator action and waits for the fusion leader's answer; null if none came in time. */
  async send(command: FusionCommand, actor: Actor, timeoutMs = 8000): Promise<unknown> {
    const replyId = randomUUID();
    await this.fusion.enqueueCommand({ ...command, actor, replyId });
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const reply = await this.fusion.takeReply(replyId);
      if (reply !== null) return reply;
      await new Promise((r) => setTimeout(r, 40));
    }
    return null;
  }
}
