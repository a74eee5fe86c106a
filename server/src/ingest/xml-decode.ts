import { refuse } from './issues.js';

/**
 * Turns the bytes of an XML document into text the way an XML processor must: a byte-order mark
 * wins, then the encoding the XML declaration names, then UTF-8 (XML 1.0 §4.3.3 and Appendix F).
 * Decoding here, not in the HTTP layer, is what makes an ISO-8859-1 alert read correctly.
 */
export function decodeXml(bytes: Uint8Array): { text: string; encoding: string; repaired: boolean } {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) label = declaredEncoding(bytes) ?? 'utf-8';

  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw refuse('encoding', `the XML declaration names an encoding this server does not read: ${label}`);
  }
  try {
    return { text: decoder.decode(bytes), encoding: decoder.encoding, repaired: false };
  } catch {
    // Real feeds declare UTF-8 and send Latin-1 (the Pelmorex NAADS sample does). Reading those bytes
    // as Windows-1252, a superset of ISO-8859-1, gives the accents the sender meant; refusing would
    // lose a whole feed over a header. Any other declared encoding that fails is refused.
    if (decoder.encoding !== 'utf-8') throw refuse('encoding', `the document is not valid ${decoder.encoding}`);
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', repaired: true };
  }
}

/** The `encoding` pseudo-attribute of `<?xml … ?>`, read as ASCII from the first bytes. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head);
  return decl ? decl[1]!.toLowerCase() : null;
}

/**
 * CAP, EDXL-DE, Atom and RSS never need a DTD, and a DTD is how XML external entities (XXE) and
 * entity expansion ("billion laughs") get in. Refusing any DOCTYPE or ENTITY declaration outright
 * removes both attacks before a parser sees the text.
 */
export function refuseDeclarations(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw refuse('', 'DOCTYPE and ENTITY declarations are not accepted (CAP, EDXL-DE, Atom and RSS never need one)');
  }
}
