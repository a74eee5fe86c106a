import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import { AppError } from '../errors/app-error.js';
import { readJsonAlerts } from '../ingest/json-alert.js';
import { readSignalXml } from '../ingest/signal-document.js';
import { AlertsService } from './alerts.service.js';

/** POST /api/signals: reads the pushed document completely (refusing it whole if any part is bad), then stores it. */
@Injectable()
export class SignalsService {
  constructor(private readonly alerts: AlertsService) {}

  async push(caller: Caller, contentType: string | undefined, body: unknown) {
    const contents = Buffer.isBuffer(body) ? readSignalXml(charsetOverride(contentType, body)) : readJsonAlerts(body, caller.org);
    if (!contents.length) throw AppError.invalid([{ path: '', message: 'the document holds no alert' }]);
    return this.alerts.push(caller, contents);
  }
}

/**
 * An explicit `charset` in the Content-Type outranks the XML declaration (RFC 7303 §3.2): the bytes
 * are re-encoded as UTF-8 text with a matching declaration, so the reader sees one truth. Except
 * `charset=utf-8`, which many HTTP clients add to every request whatever the bytes are: then the
 * document's own declaration decides.
 */
function charsetOverride(contentType: string | undefined, body: Buffer): Uint8Array {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (!charset || charset === 'utf-8' || charset === 'utf8') return body;
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true }).decode(body);
  } catch {
    throw AppError.invalid([{ path: 'encoding', message: `the body is not valid ${charset}` }]);
  }
  return Buffer.from(text.replace(/^\s*<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>'), 'utf8');
}
