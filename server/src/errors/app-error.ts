import type { ErrorBody } from '@sitroom/shared';
import type { ZodError } from 'zod';

export type FieldError = { path: string; message: string };

const STATUS_OF = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_OF;

/** The one error type modules throw; the filter turns it into the contract's body and status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS_OF[code];
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields?.length ? { fields: this.fields } : {}) } };
  }

  static invalid(fields: FieldError[], message?: string): AppError {
    return new AppError('invalid_input', message ?? `Invalid input: ${fields.map((f) => `${f.path || '(body)'}: ${f.message}`).join('; ')}`, fields);
  }

  static fromZod(err: ZodError, root = ''): AppError {
    const fields = err.issues.map((i) => ({
      path: [root, ...i.path.map(String)].filter(Boolean).join('.'),
      message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    }));
    return AppError.invalid(fields);
  }
}
