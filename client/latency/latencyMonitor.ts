// Feeds a tab's LatencyModel: pings the bridge while connected, and takes the bridge's latency messages.
import { assertNever, type ClientMessageOf, type ServerMessageOf } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';
import type { Clock } from '../../shared/clock.js';
import { LatencyModel } from './latencyModel.js';
import { PingScheduler } from './pingScheduler.js';

/** The bridge's messages that are about latency. */
export type LatencyMessage = ServerMessageOf<'pong' | 'host-rtt' | 'host-silence' | 'reconnecting' | 'timeline'>;

export type SendPing = (message: ClientMessageOf<'ping'>) => void;

export class LatencyMonitor implements Disposable {
  readonly model: LatencyModel;
  private readonly pinger: PingScheduler;
  private send: SendPing | null = null;

  constructor(clock: Clock) {
    this.model = new LatencyModel(clock);
    this.pinger = new PingScheduler(
      (id) => this.send?.({ type: 'ping', id }),
      { answered: (ms) => this.model.recordBrowserRtt(ms), lost: () => this.model.recordBrowserLost() },
      clock,
    );
  }

  /** The bridge welcomed a new connection: figures start afresh and pings go out on it. */
  connectionOpen(send: SendPing): void {
    this.pinger.stop();
    this.model.reset();
    this.send = send;
    this.pinger.start();
  }

  handle(message: LatencyMessage): void {
    switch (message.type) {
      case 'pong':
        return this.pinger.pong(message.id);
      case 'host-rtt':
        return this.model.recordHostRtt(message.rttMs);
      case 'host-silence':
        return this.model.hostSilence(message.silentForMs);
      case 'reconnecting':
        return this.model.shellReconnecting(message.attempt);
      case 'timeline':
        return this.model.setTimeline(message.steps);
      default:
        assertNever(message);
    }
  }

  /** The connection to longhaul ended (lost, or the session closed): no more pings, and no silent host. */
  connectionEnded(): void {
    this.pinger.stop();
    this.send = null;
    this.model.connectionEnded();
  }

  /** keystroke → echo, from the predictor. */
  recordKeystrokeEcho(ms: number): void {
    this.model.recordKeystrokeEcho(ms);
  }

  dispose(): void {
    this.connectionEnded();
    this.pinger.dispose();
  }
}
