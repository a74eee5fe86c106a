import { Inject, Injectable } from '@nestjs/common';
import type { FeedState } from '@sitroom/shared';
import { AlertsService } from '../alerts/alerts.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { readFeedDocument } from '../ingest/feed-document.js';
import { readSignalXml } from '../ingest/signal-document.js';
import { fetchDocument, type Validators } from './feed-fetch.js';
import { FeedsRepository } from './feeds.repository.js';

/** Linked CAP documents fetched per poll at most; the rest wait for the next poll (a first NWS poll links hundreds). */
export const MAX_LINKS_PER_POLL = 100;
const LINK_CONCURRENCY = 4;
/** Backoff after failures doubles from the feed's own interval up to this. */
const MAX_BACKOFF_MS = 60 * 60 * 1000;
const CAP_ACCEPT = 'application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, application/json;q=0.9, */*;q=0.5';

/** One poll of one feed: fetch, read, fetch what it links to, store the alerts, save how it went. */
@Injectable()
export class FeedPollService {
  constructor(
    private readonly feeds: FeedsRepository,
    private readonly alerts: AlertsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Polls `feed` (whose stored JSON is `raw`). Any failure of the feed document itself (network,
   * HTTP status, timeout, unreadable content) is the feed failing; a bad item or linked CAP is only
   * skipped. With `signal` aborted (shutdown) nothing is saved: the feed stays due for another instance.
   */
  async poll(feed: FeedState, raw: string, signal?: AbortSignal): Promise<FeedState | null> {
    const startedAt = this.clock.now();
    const { validators, seen } = await this.feeds.pollContext(feed.id);
    const timeoutMs = feed.timeoutSeconds * 1000;
    let outcome: { items: number; skipped: number; validators?: Validators; seen?: string[]; itemError?: string } | { error: string };
    try {
      const res = await fetchDocument(feed.url, { validators, timeoutMs, signal, accept: CAP_ACCEPT });
      if (res.notModified) outcome = { items: feed.items, skipped: feed.skipped };
      else {
        const reading = readFeedDocument(feed.feedKind, res.body, feed.url);
        const source = { org: feed.org, feed: feed.id };
        const direct = await this.alerts.fromFeed(reading.alerts, source);
        const linked = await this.readLinks(reading.links, seen, source, timeoutMs, signal);
        const failures = [...reading.skipped.map((s) => `${s.item}: ${s.fields.map((f) => `${f.path} ${f.message}`).join('; ')}`), ...direct.failed.map((f) => `${f.path}: ${f.message}`), ...linked.failed];
        outcome = {
          items: direct.stored + linked.read.length,
          skipped: failures.length,
          validators: res.validators,
          seen: linked.read,
          ...(failures.length ? { itemError: failures[0]!.slice(0, 500) } : {}),
        };
      }
    } catch (err) {
      outcome = { error: ((err as Error).message || 'failed').slice(0, 500) };
    }
    if (signal?.aborted) return null;
    const next = this.settle(feed, outcome, startedAt);
    const saved = await this.feeds.savePoll(raw, next, 'error' in outcome ? {} : { validators: outcome.validators, seen: outcome.seen });
    return saved ? next : null;
  }

  /** Fetches the linked CAP documents not read before (a few at a time) and stores their alerts. */
  private async readLinks(links: string[], seen: Set<string>, source: { org: string; feed: string }, timeoutMs: number, signal?: AbortSignal) {
    const read = links.filter((l) => seen.has(l));
    const failed: string[] = [];
    const queue = links.filter((l) => !seen.has(l)).slice(0, MAX_LINKS_PER_POLL);
    const worker = async () => {
      for (let link = queue.shift(); link !== undefined && !signal?.aborted; link = queue.shift()) {
        try {
          const res = await fetchDocument(link, { timeoutMs, signal, accept: CAP_ACCEPT });
          if (res.notModified) continue;
          const stored = await this.alerts.fromFeed(readSignalXml(res.body), source);
          if (stored.failed.length) failed.push(`${link}: ${stored.failed[0]!.message}`);
          else read.push(link);
        } catch (err) {
          failed.push(`${link}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: LINK_CONCURRENCY }, worker));
    return { read, failed };
  }

  /** The feed's state after a poll: next poll at its interval, or later and later while it fails. */
  private settle(feed: FeedState, outcome: { items: number; skipped: number; itemError?: string } | { error: string }, startedAt: Date): FeedState {
    const now = this.clock.now();
    const at = now.toISOString();
    if ('error' in outcome) {
      const failures = feed.consecutiveFailures + 1;
      const delay = Math.min(feed.everySeconds * 1000 * 2 ** (failures - 1), Math.max(feed.everySeconds * 1000, MAX_BACKOFF_MS));
      return {
        ...feed, status: 'failing', lastPollAt: startedAt.toISOString(), lastError: outcome.error, lastErrorAt: at,
        failingSince: feed.failingSince ?? at, consecutiveFailures: failures, nextPollAt: new Date(now.getTime() + delay).toISOString(), updatedAt: at,
      };
    }
    return {
      ...feed, status: 'ok', lastPollAt: startedAt.toISOString(), lastSuccessAt: at, failingSince: null, consecutiveFailures: 0,
      items: outcome.items, skipped: outcome.skipped,
      ...(outcome.itemError ? { lastError: outcome.itemError, lastErrorAt: at } : {}),
      nextPollAt: new Date(now.getTime() + feed.everySeconds * 1000).toISOString(), updatedAt: at,
    };
  }
}
