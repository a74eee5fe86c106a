import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor, NewReport } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { IntakeRepository, type IntakeGate, type IntakeState } from './intake.repository.js';

/** How long an identical submission from the same address counts as the same report. */
const REPEAT_WINDOW_SECONDS = 10 * 60;
/** PUBLIC_REPORTS_PER_MINUTE counts per address in fixed windows of this length. */
const LIMIT_WINDOW_MS = 60_000;

/** Operators and admins may still log reports while public intake is paused. */
const pauseApplies = (caller: Caller) => caller.role !== 'admin' && caller.role !== 'operator';

const paused = (state: IntakeState) =>
  new AppError('unavailable', state.message ?? 'Public reporting is paused. For emergencies call your local emergency number.');

function rateLimited(resetInMs: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
  return new AppError('rate_limited', `Too many reports from this address; try again in ${retryAfter} s.`, undefined, { 'Retry-After': String(retryAfter) });
}

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

  /**
   * The pause switch and the per-address limit on their own, for a submission that is not valid: it
   * still gets 503 or 429 before its 400, as a valid one would. Valid ones go through `gate`.
   */
  async admit(caller: Caller, address: string): Promise<void> {
    const state = await this.intake.state();
    if (state.paused && pauseApplies(caller)) throw paused(state);
    const perMinute = this.config.PUBLIC_REPORTS_PER_MINUTE;
    if (perMinute === 0 || caller.role !== 'public') return;
    const { count, resetInMs } = await this.intake.hit(address, LIMIT_WINDOW_MS);
    if (count > perMinute) throw rateLimited(resetInMs);
  }

  /**
   * The checks a valid submission must pass, for the submit script to run together with the write:
   * the pause switch (not for operators and admins), and for the public the per-address limit and
   * the merge of a repeat (same text from the same address within the window: the earlier report's
   * id is returned instead, and the digest is claimed atomically, so two racing repeats make one report).
   */
  gate(caller: Caller, address: string, input: NewReport): IntakeGate {
    const perMinute = this.config.PUBLIC_REPORTS_PER_MINUTE;
    const isPublic = caller.role === 'public';
    let repeat: IntakeGate['repeat'] = null;
    if (isPublic) {
      const text = input.description.toLowerCase().replace(/\s+/g, ' ').trim();
      const digest = createHash('sha256').update(`${address}\n${input.category}\n${text}`).digest('hex');
      repeat = { key: this.intake.repeatKey(digest), seconds: REPEAT_WINDOW_SECONDS };
    }
    return {
      stateKey: this.intake.stateKey,
      checkPause: pauseApplies(caller),
      limit: isPublic && perMinute > 0 ? { key: this.intake.limitKey(address), max: perMinute, windowMs: LIMIT_WINDOW_MS } : null,
      repeat,
    };
  }

  /** The error for a submission the gate refused: the same answers `admit` gives. */
  refusal(outcome: { kind: 'paused'; state: string } | { kind: 'limited'; resetInMs: number }): AppError {
    return outcome.kind === 'paused' ? paused(JSON.parse(outcome.state) as IntakeState) : rateLimited(outcome.resetInMs > 0 ? outcome.resetInMs : LIMIT_WINDOW_MS);
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
