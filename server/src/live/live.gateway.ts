import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { AppError } from '../errors/app-error.js';
import { PresenceService } from '../presence/presence.service.js';
import { LiveFanout, type LiveServer, type LiveSocket } from './live-fanout.service.js';

/**
 * Socket.IO at /socket.io, WebSocket transport only: no long-polling means no sticky sessions, so
 * any instance behind a plain load balancer can serve any client. Compression is off: change
 * batches are small and frequent, and deflate costs more CPU per client than it saves.
 */
@WebSocketGateway({ path: '/socket.io', transports: ['websocket'], perMessageDeflate: false, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly fanout: LiveFanout,
    private readonly presence: PresenceService,
  ) {}

  afterInit(server: LiveServer) { this.fanout.attach(server); }

  handleConnection(socket: LiveSocket) { return this.fanout.connect(socket); }

  handleDisconnect(socket: LiveSocket) {
    this.fanout.disconnect(socket);
    if (socket.data.caller?.role === 'operator' || socket.data.caller?.role === 'admin') void this.presence.leave(socket.id).catch(() => undefined);
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown) { return this.fanout.subscribe(socket, body); }

  @SubscribeMessage('presence')
  open(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown) {
    return this.presence.open(socket.id, socket.data.caller, body ?? null).then(
      () => ({ ok: true as const }),
      (err: AppError) => ({ ok: false as const, error: err.body?.().error ?? { code: 'internal', message: 'presence failed' } }),
    );
  }
}
