import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { z } from 'zod';
import type { Audience } from '@sitroom/shared';
import { ROLES_KEY } from '../auth/roles.decorator.js';
import { API_DOC_KEY, type ApiDoc } from './api-doc.decorator.js';

export interface RouteDoc {
  method: string;
  path: string;
  roles: Audience[] | 'anyone';
  doc?: ApiDoc;
}

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

/**
 * Builds the OpenAPI document from the running application itself: every controller route, its
 * roles (from @Roles) and, where a route carries @Doc, the very zod schemas it validates with. So
 * the document cannot drift from the code.
 */
@Injectable()
export class OpenApiService {
  private cached: { routes: RouteDoc[]; document: Record<string, unknown> } | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteDoc[] {
    return this.build().routes;
  }

  document(): Record<string, unknown> {
    return this.build().document;
  }

  private build() {
    if (this.cached) return this.cached;
    const routes: RouteDoc[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = normalise(Reflect.getMetadata(PATH_METADATA, metatype) as string | string[]);
      const proto = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const roles = this.reflector.getAllAndOverride<Audience[] | undefined>(ROLES_KEY, [handler, metatype]);
        const doc = Reflect.getMetadata(API_DOC_KEY, handler) as ApiDoc | undefined;
        for (const sub of normalise(Reflect.getMetadata(PATH_METADATA, handler) as string | string[])) {
          for (const b of base) {
            const path = ('/' + [b, sub].filter((p) => p && p !== '/').join('/')).replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
            routes.push({ method: RequestMethod[method].toLowerCase(), path, roles: roles ?? 'anyone', ...(doc ? { doc } : {}) });
          }
        }
      }
    }
    routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    this.cached = { routes, document: this.toOpenApi(routes.filter((r) => r.path.startsWith('/api') || r.path.startsWith('/health'))) };
    return this.cached;
  }

  private toOpenApi(routes: RouteDoc[]): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of routes) {
      const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const query = r.doc?.query ? queryParams(r.doc.query) : [];
      const bodyTypes: Record<string, unknown> = {};
      if (r.doc?.body) bodyTypes['application/json'] = { schema: z.toJSONSchema(r.doc.body, { io: 'input', unrepresentable: 'any' }) };
      for (const t of r.doc?.bodyTypes ?? []) bodyTypes[t] = { schema: { type: 'string' } };
      const responses: Record<string, unknown> = {};
      for (const [status, text] of Object.entries(r.doc?.responses ?? { 200: 'OK' })) responses[status] = { description: text };
      responses.default = { description: 'Error (contract error body)', content: { 'application/json': { schema: ERROR_BODY } } };
      (paths[r.path] ??= {})[r.method] = {
        summary: r.doc?.summary ?? '',
        description: r.roles === 'anyone' ? 'Open to anyone (what you see depends on your role).' : `Roles: ${r.roles.join(', ')}.`,
        ...(r.roles === 'anyone' ? {} : { security: [{ bearer: [] }] }),
        parameters: [...params, ...query],
        ...(Object.keys(bodyTypes).length ? { requestBody: { required: true, content: bodyTypes } } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: 'SitRoom API', version: '0.1.0', description: 'Errors are { error: { code, message, fields? } }. Live changes: Socket.IO at /socket.io and GraphQL subscriptions at /graphql.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths,
    };
  }
}

function normalise(p: string | string[] | undefined): string[] {
  if (p === undefined) return [''];
  return (Array.isArray(p) ? p : [p]).map((x) => x.replace(/^\/|\/$/g, ''));
}

function queryParams(schema: z.ZodType): unknown[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
