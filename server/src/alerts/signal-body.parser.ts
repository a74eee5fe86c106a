import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** CAP, EDXL-DE and Atom media types a signal may come as. */
export const SIGNAL_XML_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'] as const;
/** Signals may be larger than the API's 1 MiB (WMO's signed alerts with embedded polygons run near 900 kB). */
export const SIGNAL_BODY_LIMIT = 4 * 1024 * 1024;
const OTHER_XML_LIMIT = 1024 * 1024;
const SIGNALS_PATH = '/api/signals';

/**
 * XML bodies as bytes for POST /api/signals: the CAP reader decodes them itself, by the XML
 * declaration, which is how an ISO-8859-1 alert reads correctly (a string parser would have decoded
 * it as UTF-8 already). Fastify's parsers are per media type, not per route, and the offers module
 * takes application/xml and text/xml as UTF-8 text for EDXL-RM: so whichever module registers first,
 * this one takes over those types and gives every other route exactly that (UTF-8 text, 1 MiB);
 * application/cap+xml is for signals only (415 elsewhere).
 */
@Injectable()
export class SignalBodyParser implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    for (const type of SIGNAL_XML_TYPES) {
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      fastify.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: SIGNAL_BODY_LIMIT }, (req, body, done) => {
        const bytes = body as Buffer;
        if (isSignals(req)) return done(null, bytes);
        if (type === 'application/cap+xml') return done(httpError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', `Unsupported content type ${type} here.`), undefined);
        if (bytes.length > OTHER_XML_LIMIT) return done(httpError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'The request body is too large.'), undefined);
        done(null, bytes.toString('utf8'));
      });
    }
  }
}

function isSignals(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0]!;
  return path === SIGNALS_PATH || path === `${SIGNALS_PATH}/`;
}

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}
