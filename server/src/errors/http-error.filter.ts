import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { AppError } from './app-error.js';

/**
 * Maps anything thrown in an HTTP handler to the contract's error body. Unknown errors become a
 * logged 500 with a correlation id: the client never sees a stack trace.
 */
export function toAppError(err: unknown, logger: Logger): AppError {
  if (err instanceof AppError) return err;
  const anyErr = err as { code?: string; statusCode?: number; status?: number; message?: string; name?: string };
  if (isRedisDown(anyErr)) return new AppError('unavailable', 'The data store is not answering; try again shortly.');
  // Fastify's own errors (content-type parser, body limit) carry a statusCode and an FST_ code.
  switch (anyErr.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'Unsupported content type; send application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return AppError.invalid([{ path: '', message: 'a JSON body is required' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return AppError.invalid([{ path: '', message: 'the body is not valid JSON' }], 'The body is not valid JSON.');
  }
  if (anyErr.name === 'SyntaxError' && anyErr.statusCode === 400) {
    return AppError.invalid([{ path: '', message: 'the body is not valid JSON' }], 'The body is not valid JSON.');
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = ({ 400: 'invalid_input', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' } as const)[status as 400];
    if (code === 'invalid_input') return AppError.invalid([{ path: '', message: err.message }], err.message);
    if (code) return new AppError(code, status === 404 ? 'Not found.' : err.message);
  }
  const status = anyErr.statusCode ?? 0;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status === 415) return new AppError('unsupported_media_type', anyErr.message ?? 'Unsupported content type.');
  if (status >= 400 && status < 500) return AppError.invalid([{ path: '', message: anyErr.message ?? 'bad request' }]);
  const correlationId = randomUUID();
  logger.error(`internal error ${correlationId}: ${(err as Error)?.stack ?? String(err)}`);
  return new AppError('internal', `Something went wrong on our side (correlation id ${correlationId}).`);
}

function isRedisDown(e: { message?: string; name?: string }): boolean {
  const m = e.message ?? '';
  return (
    e.name === 'MaxRetriesPerRequestError' ||
    m.includes('Command timed out') ||
    m.includes("Stream isn't writeable") ||
    m.includes('Connection is closed') ||
    m.includes('ECONNREFUSED')
  );
}

export function sendError(reply: FastifyReply, err: AppError): void {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  void reply.status(err.status).type('application/json').send(err.body());
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception; // GraphQL and Socket.IO have their own mapping
    sendError(host.switchToHttp().getResponse<FastifyReply>(), toAppError(exception, this.logger));
  }
}
