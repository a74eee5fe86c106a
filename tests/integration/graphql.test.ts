import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery, buildClientSchema, type GraphQLObjectType, type GraphQLInputObjectType } from 'graphql';
import { Incident, NewReport, Report } from '@sitroom/shared';
import { aReport, dropPrefix, issueToken, startServer, type TestServer } from '../support/test-server.js';

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

describe('GraphQL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('keeps the Report type and NewReportInput in step with the shared zod schemas', async () => {
    const schema = buildClientSchema((await gql(s.url, getIntrospectionQuery())).data);
    const fields = Object.keys((schema.getType('Report') as GraphQLObjectType).getFields()).sort();
    expect(fields).toEqual(Object.keys(Report.shape).sort());
    const input = Object.keys((schema.getType('NewReportInput') as GraphQLInputObjectType).getFields()).sort();
    expect(input).toEqual(Object.keys(NewReport.shape).sort());
    const incident = Object.keys((schema.getType('Incident') as GraphQLObjectType).getFields()).sort();
    expect(incident).toEqual(Object.keys(Incident.shape).sort());
    const sub = schema.getSubscriptionType()!.getFields().changes!;
    expect(sub.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['entities: [String]', 'since: String']);
  });

  it('submits a report by mutation and lists it for a viewer with a cursor', async () => {
    const submitted = await gql(s.url, 'mutation ($input: NewReportInput!) { submitReport(input: $input) { id status } }', { input: aReport() });
    expect(submitted.data.submitReport).toEqual({ id: expect.any(String), status: 'unverified' });
    const viewer = (await issueToken(s.url, 'viewer')).token;
    const list = await gql(s.url, '{ reports(limit: 10) { cursor total items { id status location { lat lon } contact } } }', {}, viewer);
    expect(list.data.reports.cursor).toMatch(/^\d+-\d+$/);
    expect(list.data.reports.items).toContainEqual({ id: submitted.data.submitReport.id, status: 'unverified', location: { lat: 51.5, lon: -0.12 }, contact: null });
  });

  it('answers invalid input with invalid_input naming the field', async () => {
    const res = await gql(s.url, 'mutation ($input: NewReportInput!) { submitReport(input: $input) { id } }', { input: aReport({ location: { lat: 95, lon: 0 } }) });
    expect(res.errors[0].extensions).toMatchObject({ code: 'invalid_input', fields: [{ path: 'input.location.lat' }] });
    const bbox = await gql(s.url, '{ reports(bbox: "1,2,3") { total } }');
    expect(bbox.errors[0].extensions).toMatchObject({ code: 'invalid_input', fields: [{ path: 'bbox' }] });
  });
});
