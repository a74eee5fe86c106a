import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CATEGORY_IDS } from '@sitroom/shared';
import { dropPrefix, startServer, type TestServer } from '../support/test-server.js';

describe('/api/docs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('describes every API route from the running app, with the schemas the routes validate with', async () => {
    const doc = await (await fetch(`${s.url}/api/docs/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/reports'].post;
    expect(post.requestBody.content['application/json'].schema.properties.category.enum).toEqual(REPORT_CATEGORY_IDS);
    expect(doc.paths['/api/admin/tokens/{id}'].delete.description).toBe('Roles: admin.');
    expect(doc.paths['/api/changes'].get.parameters.map((p: { name: string }) => p.name)).toContain('since');
    for (const path of ['/api/reports/{id}', '/api/taxonomy', '/health']) expect(doc.paths).toHaveProperty([path]);
    expect(doc.paths).not.toHaveProperty(['/wall']);
  });

  it('serves a readable page listing the routes', async () => {
    const res = await fetch(`${s.url}/api/docs`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<code>/api/reports</code>');
    expect(html).toContain('Submit a public report');
  });
});
