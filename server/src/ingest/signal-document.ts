import type { AlertContent } from '@sitroom/shared';
import { isCapAlert, readCapAlert } from './cap.reader.js';
import { CAP_NAMESPACES } from './cap-values.js';
import { EDXL_DE_NS, readEdxlDe } from './edxl.reader.js';
import { Issues, refuse } from './issues.js';
import { decodeXml } from './xml-decode.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/** More alerts than this in one document is not a warning, it is a load test. */
export const MAX_ALERTS_PER_DOCUMENT = 1000;

/**
 * Reads a pushed or fetched XML signal: a CAP 1.1/1.2 alert, an EDXL-DE 1.0 envelope of them, or
 * the non-standard `<alerts>` collection some national services (SMHI) publish, taken as its alerts.
 * All or nothing: one bad alert refuses the whole document, so a rejected request writes nothing.
 */
export function readSignalXml(bytes: Uint8Array): AlertContent[] {
  return readSignalElement(parseXml(decodeXml(bytes).text));
}

export function readSignalElement(root: XmlElement): AlertContent[] {
  const issues = new Issues();
  let alerts: AlertContent[];
  if (isCapAlert(root)) {
    const alert = readCapAlert(root, 'alert', issues);
    alerts = alert ? [alert] : [];
  } else if (root.name === 'alerts' && root.ns !== null && root.ns in CAP_NAMESPACES) {
    const items = root.children.filter(isCapAlert);
    if (!items.length) issues.add('alerts', 'the collection holds no CAP alert');
    alerts = items.flatMap((el, i) => readCapAlert(el, `alerts.alert[${i}]`, issues) ?? []);
  } else if (root.name === 'EDXLDistribution' && root.ns === EDXL_DE_NS) {
    alerts = readEdxlDe(root, issues);
  } else if (root.name === 'alert' || root.name === 'EDXLDistribution') {
    throw refuse(root.name, `the namespace "${root.ns ?? '(none)'}" is not CAP 1.1, CAP 1.2 or EDXL-DE 1.0`);
  } else {
    throw refuse('', `expected a CAP <alert> or an EDXL-DE <EDXLDistribution>, not <${root.name}>`);
  }
  issues.throwIfAny('The document was refused');
  if (alerts.length > MAX_ALERTS_PER_DOCUMENT) throw refuse('', `at most ${MAX_ALERTS_PER_DOCUMENT} alerts per document`);
  return alerts;
}
