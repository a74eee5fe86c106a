import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloDriver } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { PUBLIC_CALLER } from '../auth/caller.js';
import { CSRF_HEADER, SessionsService } from '../auth/sessions.service.js';
import { bearerFrom } from '../auth/tokens.service.js';
import { AppError, type ErrorCode } from '../errors/app-error.js';
import type { GqlContext } from './graphql-caller.js';
import { JSONScalar } from './json.scalar.js';

type WsContext = { connectionParams?: Record<string, unknown>; extra: unknown };
type WsExtra = { caller?: GqlContext['caller'] };

/**
 * Code-first schema, Apollo on the Fastify instance, graphql-ws on the same path. The caller is
 * resolved once per HTTP operation, and once per WebSocket connection (in onConnect, where a bad
 * token closes the connection before any subscription starts).
 */
export function graphqlConfig(sessions: SessionsService): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { JSON: JSONScalar },
    graphiql: true,
    includeStacktraceInErrorResponses: false,
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        onConnect: async (ctx: WsContext) => {
          const token = ctx.connectionParams?.token;
          try {
            const cookie = (ctx.extra as { request?: { headers?: { cookie?: string } } }).request?.headers?.cookie;
            (ctx.extra as WsExtra).caller = await sessions.resolve({ bearer: typeof token === 'string' ? token : undefined, cookie });
            return true;
          } catch {
            return false; // graphql-ws closes with 4403 Forbidden
          }
        },
      },
    },
    context: async (arg: FastifyRequest | WsContext): Promise<GqlContext> => {
      if ('extra' in arg && arg.extra && !('headers' in arg)) return { caller: (arg.extra as WsExtra).caller ?? PUBLIC_CALLER, ip: null };
      const req = arg as FastifyRequest;
      try {
        const caller = await sessions.resolve({
          bearer: bearerFrom(req.headers.authorization),
          cookie: req.headers.cookie,
          method: req.method,
          csrf: req.headers[CSRF_HEADER] as string | undefined,
        });
        return { caller, ip: req.ip };
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('unavailable', 'The data store is not answering.');
        return { caller: PUBLIC_CALLER, ip: req.ip, authError: { code: e.code, message: e.message } };
      }
    },
    formatError: (formatted, error) => {
      const original = (error as GraphQLError).originalError;
      if (original instanceof AppError) {
        return { message: original.message, path: formatted.path, extensions: { code: original.code, ...(original.fields ? { fields: original.fields } : {}) } };
      }
      const code = formatted.extensions?.code;
      if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_USER_INPUT') {
        return { message: formatted.message, locations: formatted.locations, extensions: { code: 'invalid_input' satisfies ErrorCode } };
      }
      return { message: 'Something went wrong on our side.', path: formatted.path, extensions: { code: 'internal' satisfies ErrorCode } };
    },
  };
}

graphqlConfig.driver = ApolloDriver;
