import { Injectable } from '@nestjs/common';
import type { Bbox, Incident, IncidentSource, IncidentStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { AppError } from '../errors/app-error.js';
import { FusionRepository } from '../fusion/fusion.repository.js';
import { FusionCommands, type FusionCommand } from '../fusion/fusion-commands.js';
import { incidentAsSeenBy, sourceSeenBy } from './incidents.visibility.js';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: FusionRepository,
    private readonly fusion: FusionCommands,
  ) {}

  async list(caller: Caller, opts: ListOptions & { bbox?: Bbox; status?: IncidentStatus[] }) {
    const { items, cursor } = await this.incidents.snapshot(opts.bbox);
    const visible = items
      .map((i) => incidentAsSeenBy(i, caller))
      .filter((i): i is Incident => i !== null && (!opts.status || opts.status.includes(i.status)))
      .sort((a, b) => b.lastSignalAt.localeCompare(a.lastSignalAt) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  async get(caller: Caller, id: string): Promise<Incident> {
    const incident = await this.incidents.get(id);
    const seen = incident && incidentAsSeenBy(incident, caller);
    if (!seen) throw new AppError('not_found', `No incident with id ${id}.`);
    return seen;
  }

  /** Every source of an incident the caller can see, newest first (the incident itself lists only the latest). */
  async sources(caller: Caller, id: string, opts: ListOptions): Promise<{ items: IncidentSource[]; total: number }> {
    await this.get(caller, id);
    const items = (await this.incidents.members(id))
      .map((m): IncidentSource => ({ kind: m.kind, id: m.id, org: m.org, addedAt: m.addedAt, by: m.by }))
      .filter((s) => sourceSeenBy(s, caller))
      .sort((a, b) => b.addedAt.localeCompare(a.addedAt) || b.id.localeCompare(a.id));
    return paginate(items, opts);
  }

  /** Operator actions run inside fusion's own loop (see FusionRunner), so automation never races them. */
  async act(caller: Caller, command: FusionCommand): Promise<Incident> {
    const target = 'into' in command ? command.into : command.incident;
    if (!(await this.incidents.get(target))) throw new AppError('not_found', `No incident with id ${target}.`);
    if (command.cmd === 'merge' && !(await this.incidents.get(command.from))) throw AppError.invalid([{ path: 'from', message: `no incident with id ${command.from}` }]);
    const reply = (await this.fusion.send(command, caller)) as { ok: boolean; incidentId: string; incidents: Incident[] } | null;
    if (!reply) throw new AppError('unavailable', 'Fusion did not answer in time; try again.');
    if (!reply.ok) throw new AppError('conflict', `That ${command.cmd} does not apply to the incident as it is now.`);
    return reply.incidents.find((i) => i.id === reply.incidentId) ?? reply.incidents[0]!;
  }
}
