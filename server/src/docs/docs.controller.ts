import { Controller, Get, Header } from '@nestjs/common';
import { Doc } from './api-doc.decorator.js';
import { OpenApiService } from './openapi.service.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

@Controller('api/docs')
export class DocsController {
  constructor(private readonly openapi: OpenApiService) {}

  @Get('openapi.json') @Doc({ summary: 'This API as an OpenAPI 3.1 document' })
  document() { return this.openapi.document(); }

  /** A plain, dependency-free page: readable offline, linkable per route. */
  @Get() @Header('Content-Type', 'text/html; charset=utf-8') @Doc({ summary: 'This page' })
  page() {
    const rows = this.openapi
      .routes()
      .filter((r) => r.path.startsWith('/api') || r.path.startsWith('/health'))
      .map((r) => `<tr id="${esc(r.method + r.path)}"><td><code>${esc(r.method.toUpperCase())}</code></td><td><code>${esc(r.path)}</code></td><td>${esc(r.roles === 'anyone' ? 'anyone' : r.roles.join(', '))}</td><td>${esc(r.doc?.summary ?? '')}</td></tr>`)
      .join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SitRoom API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #ddd}code{font-size:.95em}</style></head>
<body><h1>SitRoom API</h1><p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3.1). GraphQL schema: <a href="/graphql">/graphql</a>.
Send <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{ "error": { "code", "message", "fields"? } }</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>roles</th><th>what</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
  }
}
