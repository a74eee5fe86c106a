import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor, NewReport } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { IntakeRepository, type IntakeState } from './intake.repository.js';

/** How long an identical submission from the same address counts as the same report. */
const REPEAT_WINDOW_SECONDS = 10 * 60;

/**
 * Keeps public intake usable under pressure: the admin's pause switch, the per-address limit, and
 * merging of repeats (people press "send" again on a bad network; that must not become two reports).
 * Token holders (agencies relaying, operators) are accountable and skip the limit and the merge.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly intake: IntakeRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async admit(caller: Caller, address: string): Promise<void> {
    const state = await this.intake.state();
    if (state.paused && caller.role !== 'admin' && caller.role !== 'operator') {
      throw new AppError('unavailable', state.message ?? 'Public reporting is paused. For emergencies call your local emergency number.');
    }
    const perMinute = this.config.PUBLIC_REPORTS_PER_MINUTE;
    if (perMinute === 0 || caller.role !== 'public') return;
    const { count, resetInMs } = await this.intake.hit(address, 60_000);
    if (count > perMinute) {
      const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new AppError('rate_limited', `Too many reports from this address; try again in ${retryAfter} s.`, undefined, { 'Retry-After': String(retryAfter) });
    }
  }

  /**
   * Runs `create` unless the same text came from the same address within the window; then returns
   * the earlier report's id instead. The digest is claimed first, so two racing repeats make one report.
   */
  async once(caller: Caller, address: string, input: NewReport, id: string, create: () => Promise<void>): Promise<{ id: string; merged: boolean }> {
    if (caller.role !== 'public') {
      await create();
      return { id, merged: false };
    }
    const text = input.description.toLowerCase().replace(/\s+/g, ' ').trim();
    const digest = createHash('sha256').update(`${address}\n${input.category}\n${text}`).digest('hex');
    const prior = await this.intake.claim(digest, id, REPEAT_WINDOW_SECONDS);
    if (prior) return { id: prior, merged: true };
    try {
      await create();
    } catch (err) {
      await this.intake.release(digest).catch(() => undefined);
      throw err;
    }
    return { id, merged: false };
  }

  state(): Promise<IntakeState> {
    return this.intake.state();
  }

  async setPaused(paused: boolean, message: string | undefined, actor: Actor): Promise<IntakeState> {
    const before = await this.intake.state();
    const next: IntakeState = { paused, message: paused ? (message ?? null) : null, since: paused ? this.clock.now().toISOString() : null };
    await this.intake.setState(next, before, actor);
    return next;
  }
}
