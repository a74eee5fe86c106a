import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { readSignalXml } from './signal-document.js';
import { decodeXml } from './xml-decode.js';
import { decodeEntities, parseXml } from './xml-tree.js';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).body().error;
  }
  throw new Error('expected a refusal');
};

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>`;

describe(decodeXml.name, () => {
  it('honours the encoding the XML declaration names', () => {
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), Buffer.from([0xe1]), Buffer.from('</a>')]);
    expect(decodeXml(latin1)).toMatchObject({ text: '<?xml version="1.0" encoding="ISO-8859-1"?><a>á</a>', repaired: false });
  });

  it('lets a byte-order mark win and strips it', () => {
    expect(decodeXml(Buffer.from('\ufeff<a>é</a>', 'utf8')).text).toBe('<a>é</a>');
    expect(decodeXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')])).text).toBe('<a>é</a>');
  });

  it('reads Latin-1 bytes under a UTF-8 declaration as Windows-1252, and says so', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>m'), Buffer.from([0xe9]), Buffer.from('t</a>')]);
    expect(decodeXml(bytes)).toMatchObject({ text: expect.stringContaining('<a>mét</a>'), repaired: true });
  });

  it('refuses an encoding it cannot read, naming it', () => {
    expect(refused(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>'))).fields).toEqual([{ path: 'encoding', message: expect.stringContaining('x-klingon') }]);
  });
});

describe(parseXml.name, () => {
  it('resolves namespaces, default and prefixed, and decodes only XML entities, once', () => {
    const root = parseXml('<f xmlns="urn:a" xmlns:c="urn:c"><c:x k="1&amp;2">A &amp;lt; &#233;&#x41; &nbsp;<![CDATA[<b>]]></c:x></f>');
    expect(root).toMatchObject({ name: 'f', ns: 'urn:a' });
    expect(root.children[0]).toMatchObject({ name: 'x', ns: 'urn:c', attrs: { k: '1&2' }, text: 'A &lt; éA &nbsp;<b>' });
  });

  it.each([
    ['a DOCTYPE with external entities (XXE)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['entity expansion (billion laughs)', BILLION_LAUGHS],
    ['text that is not XML', 'garbage, not XML'],
    ['an unclosed element', '<a><b></a>'],
    ['two roots', '<a/><b/>'],
    ['nesting deeper than any CAP document', `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`],
  ])('refuses %s quickly, with the contract error body', (_name, xml) => {
    const started = performance.now();
    const error = refused(() => parseXml(xml));
    expect(error.code).toBe('invalid_input');
    expect(error.fields?.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never expands a numeric reference to a forbidden code point', () => {
    expect(decodeEntities('&#0;&#xD800;&#x110000;')).toBe('&#0;&#xD800;&#x110000;');
  });

  it('refuses a billion-laughs CAP alert at the signal reader too', () => {
    expect(refused(() => readSignalXml(Buffer.from(BILLION_LAUGHS))).message).toMatch(/DOCTYPE/);
  });
});
