import { distanceKm, geometryBbox, type Incident, type LatLon } from '@sitroom/shared';
import { compatible, profileOf } from './correlation-rules.js';
import { containsPoint, nearestKm } from './fusion-geometry.js';
import type { Member } from './fusion-member.js';
import { derive, deriveWithReport } from './incident-derivation.js';

export interface IncidentState {
  incident: Incident;
  members: Member[];
}

export type Signal = Omit<Member, 'by' | 'addedAt'>;

/** What one step changed: the incidents to write (new versions) and where the signal now lives. */
export interface Outcome {
  changed: IncidentState[];
  incidentId: string | null;
}

const HOUR = 3_600_000;
/** Grid cells of a quarter degree (~28 km north-south): small enough to prune, large enough to stay few. */
const CELL_DEG = 0.25;
const NEAREST_AMONG = 300;

function cellIndex(p: { lat: number; lon: number }): [number, number] {
  return [Math.floor(p.lat / CELL_DEG), Math.floor(p.lon / CELL_DEG)];
}

/**
 * The pure heart of fusion: given the open incidents and one signal, decide where the signal
 * belongs and recompute what changed. No I/O and no clock, so the same signals in the same order
 * always give the same incidents — in production, in tests and in the precision/recall harness.
 */
export class FusionEngine {
  readonly incidents = new Map<string, IncidentState>();
  /** `kind:id` of a signal → its incident. */
  readonly assignment = new Map<string, string>();
  /** Alert identity (`sender|identifier`) → its incident, so an Update or Cancel finds its predecessor's. */
  private readonly identities = new Map<string, string>();
  /**
   * Where to look: open incidents by grid cell of their location, and those with a live official
   * area (an area can reach far from its centre, so they are always candidates). Without this every
   * signal would be scored against every incident; with it, fusion keeps up with ingest.
   */
  private readonly grid = new Map<string, Set<string>>();
  private readonly cellOf = new Map<string, string>();
  private readonly withAreas = new Set<string>();
  /**
   * Members to write since the last drain, per incident: only what changed ('all' when the whole list
   * was rebuilt), so persisting a step costs the step, not the size of the incident.
   */
  private dirty = new Map<string, 'all' | Map<string, Member | null>>();
  /** `kind:id` → the member as its incident holds it. */
  private readonly memberOf = new Map<string, Member>();

  /** What changed among members since the last call (`null`: the member left). */
  drainDirty(): Map<string, 'all' | Map<string, Member | null>> {
    const out = this.dirty;
    this.dirty = new Map();
    return out;
  }

  private touch(incidentId: string, member: Member | 'all', removed = false): void {
    if (member === 'all') return void this.dirty.set(incidentId, 'all');
    let entry = this.dirty.get(incidentId);
    if (entry === 'all') return;
    if (!entry) this.dirty.set(incidentId, (entry = new Map()));
    entry.set(`${member.kind}:${member.id}`, removed ? null : member);
  }

  load(states: IncidentState[]): void {
    for (const s of states) this.index(s);
  }

  fuse(signal: Signal): Outcome {
    const key = `${signal.kind}:${signal.id}`;
    const assigned = this.assignment.get(key);
    if (assigned) return this.update(assigned, signal);
    if (!signal.live) return { changed: [], incidentId: null }; // a rejected report or an ended alert starts nothing
    const target = this.follows(signal) ?? this.bestMatch(signal);
    const member: Member = { ...signal, by: 'fusion', addedAt: signal.at };
    if (target) return this.attach(target, member);
    return this.found(member);
  }

  /** Operator: fold `fromId` into `intoId`; every moved source is pinned there by a person. */
  merge(intoId: string, fromId: string, at: string): Outcome {
    const into = this.incidents.get(intoId);
    const from = this.incidents.get(fromId);
    if (!into || !from || intoId === fromId) return { changed: [], incidentId: null };
    const moved = from.members.map((m) => ({ ...m, by: 'operator' as const }));
    const next = this.recompute(into, [...into.members, ...moved], at);
    const emptied: IncidentState = {
      incident: { ...from.incident, status: 'cancelled', mergedInto: intoId, sources: [], version: from.incident.version + 1, updatedAt: at, pinned: { status: true } },
      members: [],
    };
    for (const m of moved) this.assignment.set(`${m.kind}:${m.id}`, intoId);
    this.index(next);
    this.index(emptied);
    this.touch(intoId, 'all');
    this.touch(fromId, 'all');
    return { changed: [next, emptied], incidentId: intoId };
  }

  /** Operator: take one source out into an incident of its own, where fusion will leave it. */
  split(incidentId: string, kind: Member['kind'], id: string, at: string): Outcome {
    const state = this.incidents.get(incidentId);
    const member = state?.members.find((m) => m.kind === kind && m.id === id);
    if (!state || !member || state.members.length < 2) return { changed: [], incidentId: null };
    const rest = this.recompute(state, state.members.filter((m) => m !== member), at);
    const alone = this.newState(`inc-split-${kind}-${id}`, { ...member, by: 'operator' }, at);
    this.index(rest);
    this.index(alone);
    this.touch(rest.incident.id, 'all');
    this.touch(alone.incident.id, 'all');
    return { changed: [rest, alone], incidentId: alone.incident.id };
  }

  /** Operator: set the status; fusion will not change it again. */
  setStatus(incidentId: string, status: Incident['status'], at: string): Outcome {
    const state = this.incidents.get(incidentId);
    if (!state) return { changed: [], incidentId: null };
    const next: IncidentState = { incident: { ...state.incident, status, pinned: { status: true }, version: state.incident.version + 1, updatedAt: at }, members: state.members };
    this.index(next);
    return { changed: [next], incidentId };
  }

  /** Open incidents whose latest signal is older than their window and that no live alert keeps open. */
  resolveQuiet(nowMs: number, at: string): IncidentState[] {
    const out: IncidentState[] = [];
    for (const s of this.incidents.values()) {
      const { incident } = s;
      if (incident.pinned.status || incident.status === 'resolved' || incident.status === 'cancelled') continue;
      if (s.members.some((m) => m.live && m.kind === 'alert' && m.official)) continue;
      if (nowMs - Date.parse(incident.lastSignalAt) < profileOf(incident.hazard).windowHours * HOUR) continue;
      const next = { incident: { ...incident, status: 'resolved' as const, version: incident.version + 1, updatedAt: at }, members: s.members };
      this.index(next);
      out.push(next);
    }
    return out;
  }

  private update(incidentId: string, signal: Signal): Outcome {
    const state = this.incidents.get(incidentId)!;
    // Most updates are fusion's own write-back of incidentId, which changes nothing here: found by key, not by a scan.
    const old = this.memberOf.get(`${signal.kind}:${signal.id}`) ?? state.members.find((m) => m.kind === signal.kind && m.id === signal.id);
    if (!old) return { changed: [], incidentId };
    const next: Member = { ...old, ...signal, by: old.by, addedAt: old.addedAt };
    if (sameMember(old, next)) return { changed: [], incidentId };
    // A rejected or duplicate report leaves the incident; an ended alert stays as provenance.
    const members = next.kind === 'report' && !next.live ? state.members.filter((m) => m !== old) : state.members.map((m) => (m === old ? next : m));
    if (members.length < state.members.length) this.assignment.delete(`${signal.kind}:${signal.id}`);
    const updated = this.recompute(state, members, signal.at);
    const left = members.length < state.members.length;
    this.index(updated, left ? [] : [next]);
    this.touch(incidentId, left ? old : next, left);
    return { changed: [updated], incidentId: members.length < state.members.length ? null : incidentId };
  }

  /** An alert that updates or cancels an earlier one belongs to the earlier one's incident. */
  private follows(signal: Signal): IncidentState | null {
    for (const ref of signal.refs) {
      const id = this.identities.get(ref);
      const state = id ? this.incidents.get(id) : undefined;
      if (state && !state.incident.mergedInto) return state;
    }
    return null;
  }

  private bestMatch(signal: Signal): IncidentState | null {
    let best: { state: IncidentState; score: number } | null = null;
    for (const state of this.candidates(signal)) {
      const score = this.score(state, signal);
      if (score === null) continue;
      const better =
        !best || score < best.score || (score === best.score && (state.incident.firstSeenAt < best.state.incident.firstSeenAt || (state.incident.firstSeenAt === best.state.incident.firstSeenAt && state.incident.id < best.state.incident.id)));
      if (better) best = { state, score };
    }
    return best?.state ?? null;
  }

  /** Incidents worth scoring: near the signal's point (within 3 × the largest radius any hazard uses
   *  for it), plus every incident with a live official area; all of them for an alert with an area. */
  private *candidates(signal: Signal): Iterable<IncidentState> {
    if (signal.kind === 'alert' && signal.area) {
      yield* this.incidents.values();
      return;
    }
    const seen = new Set<string>();
    for (const id of this.withAreas) {
      seen.add(id);
      yield this.incidents.get(id)!;
    }
    if (!signal.point) return;
    const reachKm = 3 * profileOf(signal.hazard).radiusKm;
    const dLat = Math.ceil(reachKm / (CELL_DEG * 111) + 1e-9);
    const dLon = Math.ceil(reachKm / (CELL_DEG * 111 * Math.max(Math.cos((signal.point.lat * Math.PI) / 180), 0.05)) + 1e-9);
    const [cy, cx] = cellIndex(signal.point);
    for (let y = cy - dLat; y <= cy + dLat; y++) {
      for (let x = cx - dLon; x <= cx + dLon; x++) {
        for (const id of this.grid.get(`${y}:${x}`) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          yield this.incidents.get(id)!;
        }
      }
    }
  }

  /**
   * How well a signal fits an incident, lower is better, or null when it does not belong:
   * - [0, 0.5): a report inside one of the incident's official areas (nearer its members is better);
   *   an alert whose area covers the incident, scored by how central the incident is to the area;
   * - [0.5, 1]: a report of the same hazard within reach of the incident's nearest member.
   */
  /** Each state's live report points and official areas, computed once per state (states are replaced, never mutated). */
  private readonly shapes = new WeakMap<IncidentState, { points: LatLon[]; areas: Member[]; official: Member[] }>();

  private shapesOf(state: IncidentState): { points: LatLon[]; areas: Member[]; official: Member[] } {
    let shapes = this.shapes.get(state);
    if (!shapes) {
      shapes = {
        points: state.members.filter((m) => m.live && m.point && m.kind === 'report').map((m) => m.point!),
        areas: state.members.filter((m) => m.live && m.official && m.area),
        official: state.members.filter((m) => m.live && m.kind === 'alert' && m.official),
      };
      this.shapes.set(state, shapes);
    }
    return shapes;
  }

  private score(state: IncidentState, s: Signal): number | null {
    const { incident } = state;
    if (incident.mergedInto || incident.status === 'resolved' || incident.status === 'cancelled') return null;
    if (!compatible(incident.hazard, s.hazard)) return null;
    const { radiusKm, windowHours } = profileOf(incident.hazard);
    const t = Date.parse(s.at);
    if (t > Date.parse(incident.lastSignalAt) + windowHours * HOUR || t < Date.parse(incident.firstSeenAt) - windowHours * HOUR) return null;
    const { points, areas } = this.shapesOf(state);
    if (s.kind === 'alert') return s.area ? this.coverScore(s, incident, points) : this.nearScore(s, incident, points, radiusKm);
    if (s.point && areas.some((m) => containsPoint(m.area, s.point!))) {
      return points.length ? 0.5 * Math.min(1, nearestKm(s.point, points) / (3 * radiusKm)) : 0.25;
    }
    // Related hazards join only through an official area (above), never by distance.
    if (incident.hazard !== s.hazard) return null;
    return this.nearScore(s, incident, points, radiusKm);
  }

  private nearScore(s: Signal, incident: Incident, points: LatLon[], radiusKm: number): number | null {
    if (!s.point || !points.length) return null;
    // The newest few hundred members: an event's new reports land near its recent ones, and an
    // incident with thousands of reports must not cost thousands of distances per signal.
    const nearest = nearestKm(s.point, points, points.length - NEAREST_AMONG);
    if (nearest > radiusKm) return null;
    if (incident.location && distanceKm(s.point, incident.location) > 3 * radiusKm) return null;
    return 0.5 + 0.5 * (nearest / radiusKm);
  }

  /**
   * An alert is about what lies near the middle of its area: it takes the incident whose reports it
   * covers AND whose centre is in the inner part of the area. Reports at the edge of a district
   * warning belong to whatever is happening there, not necessarily to the warned event.
   */
  private coverScore(s: Signal, incident: Incident, points: LatLon[]): number | null {
    if (!points.some((p) => containsPoint(s.area, p)) || !incident.location) return null;
    const box = geometryBbox(s.area);
    const centre = s.point ?? incident.location;
    if (!box) return null;
    const extent = distanceKm({ lon: box[0], lat: box[1] }, { lon: box[2], lat: box[3] }) / 2;
    const share = distanceKm(centre, incident.location) / Math.max(extent, 0.01);
    return share <= 0.6 ? 0.5 * share : null;
  }

  private attach(state: IncidentState, member: Member): Outcome {
    // Append in place: the old state is replaced by `next` right away, and an incident of thousands
    // of reports must not copy its member list (or its cached shapes) for every new one.
    const shapes = this.shapesOf(state);
    state.members.push(member);
    const quick = member.kind === 'report' && member.live && state.incident.counts.reports > 0;
    const next = quick ? this.appendReport(state, member, shapes.official) : this.recompute(state, state.members, member.at);
    if (member.live && member.point && member.kind === 'report') shapes.points.push(member.point);
    if (member.live && member.official) {
      shapes.official.push(member);
      if (member.area) shapes.areas.push(member);
    }
    this.shapes.set(next, shapes);
    this.touch(next.incident.id, member);
    this.index(next, [member]);
    return { changed: [next], incidentId: next.incident.id };
  }

  private found(member: Member): Outcome {
    const state = this.newState(`inc-${member.kind}-${member.id}`, member, member.at);
    this.index(state);
    this.touch(state.incident.id, 'all');
    return { changed: [state], incidentId: state.incident.id };
  }

  private newState(id: string, member: Member, at: string): IncidentState {
    const blank: Incident = {
      id, kind: 'incident', hazard: member.hazard, title: member.label, geometry: null, location: member.point, severity: 'Unknown', confidence: 0,
      status: 'unconfirmed', sources: [], counts: { reports: 0, verifiedReports: 0, alerts: 0, sources: 0 }, firstSeenAt: member.at, lastSignalAt: member.at,
      pinned: { status: false }, version: 0, updatedAt: at,
    };
    return this.recompute({ incident: blank, members: [] }, [member], at);
  }

  private appendReport(state: IncidentState, member: Member, liveOfficial: Member[]): IncidentState {
    const prev = state.incident;
    const incident = deriveWithReport({ ...prev, version: prev.version + 1, updatedAt: member.at > prev.updatedAt ? member.at : prev.updatedAt }, state.members, member, liveOfficial);
    return { incident, members: state.members };
  }

  private recompute(state: IncidentState, members: Member[], at: string): IncidentState {
    const incident = derive({ ...state.incident, version: state.incident.version + 1, updatedAt: at > state.incident.updatedAt ? at : state.incident.updatedAt }, members);
    return { incident, members };
  }

  /** Files a new version of an incident; `changed` names the members to (re)assign, all of them by default. */
  private index(state: IncidentState, changed: readonly Member[] = state.members): void {
    const { id, location } = state.incident;
    this.incidents.set(id, state);
    const oldCell = this.cellOf.get(id);
    const open = !state.incident.mergedInto && state.incident.status !== 'resolved' && state.incident.status !== 'cancelled';
    const cell = open && location ? cellIndex(location).join(':') : undefined;
    if (oldCell !== cell) {
      if (oldCell) this.grid.get(oldCell)?.delete(id);
      if (cell) {
        let set = this.grid.get(cell);
        if (!set) this.grid.set(cell, (set = new Set()));
        set.add(id);
        this.cellOf.set(id, cell);
      } else this.cellOf.delete(id);
    }
    if (open && this.shapesOf(state).areas.length) this.withAreas.add(id);
    else this.withAreas.delete(id);
    for (const m of changed) {
      this.memberOf.set(`${m.kind}:${m.id}`, m);
      this.assignment.set(`${m.kind}:${m.id}`, state.incident.id);
      if (m.identity) this.identities.set(m.identity, state.incident.id);
    }
  }
}

function sameMember(a: Member, b: Member): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
