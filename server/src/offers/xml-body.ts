import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const XML_TYPES = ['application/xml', 'text/xml'] as const;

/**
 * Lets XML bodies through as raw text; the route that takes XML parses it itself (offers read
 * EDXL-RM, signals read CAP). Fastify's content-type parsers are per instance, not per route, and
 * another module may register the same types: whoever comes first registers, the other reuses it,
 * so both must expect the raw string.
 */
@Injectable()
export class XmlBodyParser implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    for (const type of XML_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    }
  }
}

/** The media type of a request, without parameters, lower case. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
