import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { parseOfferUnsolicitedResource } from './edxl-rm.js';

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/edxl-rm/${name}`, import.meta.url), 'utf8');

/** A minimal valid message around the given ResourceInformation body (or a whole custom message). */
const message = (resource = RESOURCE, head = HEAD) => `<?xml version="1.0"?>
<OfferUnsolicitedResource xmlns="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg" xmlns:rm="urn:oasis:names:tc:emergency:EDXL:RM:1.0" xmlns:gml="http://www.opengis.net/gml">
${head}
<ResourceInformation>${resource}</ResourceInformation>
</OfferUnsolicitedResource>`;
const HEAD = `<MessageID>m-1</MessageID><SentDateTime>2091-01-01T00:00:00Z</SentDateTime>
<MessageContentType>OfferUnsolicitedResource</MessageContentType><OriginatingMessageID>m-1</OriginatingMessageID>`;
const RESOURCE = `<ResourceInfoElementID>1</ResourceInfoElementID>
<Resource><TypeStructure><rm:ValueListURN>urn:sitroom:resource-type</rm:ValueListURN><rm:Value>meals</rm:Value></TypeStructure></Resource>
<AssignmentInformation><Quantity><rm:MeasuredQuantity><rm:Amount>500</rm:Amount></rm:MeasuredQuantity></Quantity></AssignmentInformation>
<ScheduleInformation><ScheduleType>BeginAvailable</ScheduleType><Location><rm:TargetArea><gml:Point><gml:pos>51.5 -0.12</gml:pos></gml:Point></rm:TargetArea></Location></ScheduleInformation>`;

/** The fields an AppError names, or throws if the call did not fail with one. */
function refusal(xml: string): { status: number; paths: string[]; messages: string[] } {
  try {
    parseOfferUnsolicitedResource(xml);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { status: err.status, paths: (err.fields ?? []).map((f) => f.path), messages: (err.fields ?? []).map((f) => f.message) };
  }
  throw new Error('expected the message to be refused');
}

describe(parseOfferUnsolicitedResource.name, () => {
  it('reads one offer per ResourceInformation, with window, place, unit and contact', () => {
    const { messageId, offers } = parseOfferUnsolicitedResource(fixture('offer-water-generators.xml'));
    expect(messageId).toBe('urn:example:acme-logistics:offer:2091-0001');
    expect(offers).toEqual([
      {
        resourceType: 'potable-water',
        quantity: 20000,
        unit: 'litres',
        location: { lat: 51.4543, lon: -0.9781 },
        availableFrom: '2091-03-01T09:00:00-05:00',
        availableUntil: '2091-03-08T18:00:00Z',
        description: 'Pallets of 1.5 l bottles & 20 l jerrycans',
        contact: 'Acme Logistics duty desk, Dana Smith, +44 20 7946 0123',
      },
      {
        resourceType: 'generators',
        quantity: 270,
        location: { lat: 51.46, lon: -0.97 },
        description: 'Three trailer generators, 80-100 kW each',
        contact: 'Acme Logistics duty desk, Dana Smith, +44 20 7946 0123',
      },
    ]);
  });

  it('takes the type from a label in Resource/Name and the place as the mean of a polygon, whatever the prefixes', () => {
    const { offers } = parseOfferUnsolicitedResource(fixture('offer-beds-polygon.xml'));
    expect(offers).toEqual([
      { resourceType: 'shelter-beds', quantity: 120, unit: 'beds', location: { lat: 51.51, lon: -0.09 }, description: 'Shelter beds', contact: 'Front desk manager, +44 118 496 0000' },
    ]);
  });

  it.each([
    ['an external entity (XXE)', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${message().replace('<?xml version="1.0"?>', '')}`],
    ['entity expansion (billion laughs)', `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><OfferUnsolicitedResource>&lol2;</OfferUnsolicitedResource>`],
    ['a lower-case doctype', `<!doctype OfferUnsolicitedResource>${message().replace('<?xml version="1.0"?>', '')}`],
    ['an entity declaration without doctype', `<!ENTITY x "y">${message()}`],
  ])('refuses %s outright', (_name, xml) => {
    const r = refusal(xml);
    expect(r.status).toBe(400);
    expect(r.messages[0]).toMatch(/DOCTYPE and ENTITY declarations are not accepted/);
  });

  it.each([
    ['malformed XML', message().replace('</ResourceInformation>', ''), '', /not well-formed/],
    ['JSON sent as XML', '{"resourceType":"meals"}', '', /not well-formed|expected an EDXL-RM/],
    ['another EDXL-RM message', message().replaceAll('OfferUnsolicitedResource', 'RequestResource'), '', /got <RequestResource>/],
    ['a missing MessageID', message(RESOURCE, HEAD.replace('<MessageID>m-1</MessageID>', '')), 'MessageID', /required/],
    ['a wrong MessageContentType', message(RESOURCE, HEAD.replace('<MessageContentType>OfferUnsolicitedResource', '<MessageContentType>CommitResource')), 'MessageContentType', /must be/],
    ['no ResourceInformation', message().replace(/<ResourceInformation>[\s\S]*<\/ResourceInformation>/, ''), 'ResourceInformation', /at least one/],
    ['an unknown resource type', message(RESOURCE.replace('>meals<', '>unicorns<')), 'ResourceInformation[0].Resource.TypeStructure.Value', /resource types/],
    ['a quantity in words', message(RESOURCE.replace('>500<', '>lots<')), 'ResourceInformation[0].AssignmentInformation.Quantity.MeasuredQuantity.Amount', /number/],
    ['a fractional quantity', message(RESOURCE.replace('>500<', '>2.5<')), 'ResourceInformation[0].AssignmentInformation.Quantity.MeasuredQuantity.Amount', /whole/],
    ['a negative quantity', message(RESOURCE.replace('>500<', '>-3<')), 'ResourceInformation[0].AssignmentInformation.Quantity.MeasuredQuantity.Amount', /at least 1/],
    ['a wrong unit', message(RESOURCE.replace('</rm:Amount>', '</rm:Amount><rm:UnitOfMeasure><rm:Value>litres</rm:Value></rm:UnitOfMeasure>')), 'ResourceInformation[0].AssignmentInformation.Quantity.MeasuredQuantity.UnitOfMeasure.Value', /meals/],
    ['no location', message(RESOURCE.replace(/<Location>[\s\S]*<\/Location>/, '')), 'ResourceInformation[0].ScheduleInformation.Location.TargetArea', /./],
    ['a position off the globe', message(RESOURCE.replace('51.5 -0.12', '95 -0.12')), 'ResourceInformation[0].ScheduleInformation.Location.TargetArea', /lat/],
    ['a window that ends before it begins', message(RESOURCE.replace('<ScheduleType>BeginAvailable</ScheduleType>', '<ScheduleType>BeginAvailable</ScheduleType><DateTime>2091-02-01T00:00:00Z</DateTime>') + '<ScheduleInformation><ScheduleType>EndAvailable</ScheduleType><DateTime>2091-01-01T00:00:00Z</DateTime></ScheduleInformation>'), 'ResourceInformation[0].ScheduleInformation(EndAvailable).DateTime', /after/],
    ['a time without a zone', message(RESOURCE + '<ScheduleInformation><ScheduleType>EndAvailable</ScheduleType><DateTime>2091-01-01T00:00:00</DateTime></ScheduleInformation>'), 'ResourceInformation[0].ScheduleInformation(EndAvailable).DateTime', /time zone/],
    ['101 resources', message(Array.from({ length: 101 }, () => RESOURCE).join('</ResourceInformation><ResourceInformation>')), 'ResourceInformation', /at most 100/],
  ])('refuses %s with 400', (_name, xml, path, why) => {
    const r = refusal(xml);
    expect(r.status).toBe(400);
    expect(r.paths).toContain(path);
    expect(r.messages.join(' ')).toMatch(why);
  });

  it('refuses nesting deeper than any EDXL-RM message needs, as a 400 and not a crash', () => {
    const deep = message(RESOURCE.replace('<Resource>', `<Resource>${'<x>'.repeat(200)}${'</x>'.repeat(200)}`));
    expect(refusal(deep).status).toBe(400);
  });

  it('refuses element names that could reach object prototypes, and pollutes nothing', () => {
    const xml = message(RESOURCE.replace('<Resource>', '<Resource><__proto__><polluted>yes</polluted></__proto__>'));
    expect(refusal(xml).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusal(message(RESOURCE.replace('<Resource>', '<Resource><constructor><prototype>x</prototype></constructor>')))).toMatchObject({ status: 400 });
  });

  it('reads the predefined XML entities and character references in text', () => {
    const xml = message(RESOURCE.replace('</TypeStructure>', '</TypeStructure><Description>Soup &lt;hot&gt; &#x26; bread &#169;</Description>'));
    expect(parseOfferUnsolicitedResource(xml).offers[0]!.description).toBe('Soup <hot> & bread ©');
  });
});
