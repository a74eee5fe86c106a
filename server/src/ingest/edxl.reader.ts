import type { AlertContent } from '@sitroom/shared';
import { isCapAlert, readCapAlert } from './cap.reader.js';
import type { Issues } from './issues.js';
import { childNamed, childrenNamed, childText, type XmlElement } from './xml-tree.js';

export const EDXL_DE_NS = 'urn:oasis:names:tc:emergency:EDXL:DE:1.0';

/**
 * An EDXL-DE 1.0 envelope: every `contentObject/xmlContent/embeddedXMLContent` holding a CAP alert
 * gives one alert. Content that is not CAP (EDXL-RM, a non-XML attachment) is not SitRoom's to read
 * here and is skipped; an envelope with no CAP alert at all is refused.
 */
export function readEdxlDe(root: XmlElement, issues: Issues): AlertContent[] {
  const path = 'EDXLDistribution';
  for (const required of ['distributionID', 'senderID', 'dateTimeSent', 'distributionStatus', 'distributionType']) {
    if (!childText(root, required)) issues.add(`${path}.${required}`, 'is required');
  }
  const alerts: AlertContent[] = [];
  let found = 0;
  childrenNamed(root, 'contentObject').forEach((object, i) => {
    const embedded = childNamed(childNamed(object, 'xmlContent') ?? object, 'embeddedXMLContent');
    for (const el of embedded?.children ?? []) {
      if (!isCapAlert(el)) continue;
      found++;
      const alert = readCapAlert(el, `${path}.contentObject[${i}].alert`, issues);
      if (alert) alerts.push(alert);
    }
  });
  if (!found) issues.add(`${path}.contentObject`, 'the envelope holds no CAP alert');
  return alerts;
}
