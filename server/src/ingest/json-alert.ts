import { NewAlert, NewAlerts, type AlertContent } from '@sitroom/shared';
import { z } from 'zod';
import { validate } from '../errors/parse.pipe.js';
import { refuse } from './issues.js';
import { defined } from './cap-info.js';

type NewAlertOut = z.output<typeof NewAlert>;
const AlertList = NewAlerts.options[1];

const utc = (t: string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/**
 * SitRoom's own JSON alert form (one object or an array) as alerts. `sender` defaults to the
 * submitting token's org, so an agency without CAP only names its identifiers.
 */
export function readJsonAlerts(body: unknown, org: string | null): AlertContent[] {
  // One schema per shape, so a bad field is named by its path rather than as "no union member matched".
  if (!Array.isArray(body)) return [toContent(validate(NewAlert, body), org, '')];
  return validate(AlertList, body).map((a, i) => toContent(a, org, `[${i}]`));
}

function toContent(a: NewAlertOut, org: string | null, path: string): AlertContent {
  const sender = a.sender ?? org?.replace(/[\s,<&]+/g, '-');
  if (!sender) throw refuse(`${path ? `${path}.` : ''}sender`, 'sender is required when the token has no org');
  if ((a.msgType === 'Update' || a.msgType === 'Cancel') && !a.references.length) {
    throw refuse(`${path ? `${path}.` : ''}references`, `a ${a.msgType} must name the alert(s) it ends`);
  }
  return {
    sender,
    identifier: a.identifier,
    sent: utc(a.sent)!,
    status: a.status,
    msgType: a.msgType,
    scope: a.scope,
    references: a.references.map((r) => ({ sender: r.sender ?? sender, identifier: r.identifier, ...defined({ sent: utc(r.sent) }) })),
    codes: [],
    categories: a.categories,
    event: a.event,
    responseTypes: a.responseTypes,
    urgency: a.urgency,
    severity: a.severity,
    certainty: a.certainty,
    ...defined({
      senderName: a.senderName,
      headline: a.headline,
      description: a.description,
      instruction: a.instruction,
      web: a.web,
      effective: utc(a.effective),
      onset: utc(a.onset),
      expires: utc(a.expires),
    }),
    areas: a.areas.map((area) => ({ desc: area.desc, geometry: area.geometry, geocodes: area.geocodes })),
    parameters: a.parameters,
    eventCodes: [],
    languages: [a.language],
    translations: [],
  };
}
