import { requestJson } from './http';

/** `GET /api/intake` (anyone): whether the public form takes reports, and what to say when it does not. */
export interface IntakeState {
  paused: boolean;
  message: string | null;
  since: string | null;
}

export function intakeState(signal?: AbortSignal): Promise<IntakeState> {
  return requestJson<IntakeState>('/api/intake', { signal, timeoutMs: 8_000 });
}
