import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Observable, Subject, filter } from 'rxjs';
import { AuthApi } from '../api/auth-api';

/** An event as the services publish it (CloudEvents 1.0, JSON). */
export interface CloudEvent<T = unknown> {
  specversion: string;
  id: string;
  type: string;
  source: string;
  time?: string;
  subject?: string;
  data: T;
}

/** What this service needs of the Vert.x event-bus bridge client. */
export interface BridgeConnection {
  onopen: (() => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: (error: unknown) => void;
  enableReconnect(enable: boolean): void;
  registerHandler(address: string, handler: (error: unknown, message: { body: unknown }) => void): void;
  close(): void;
}

export type BridgeFactory = (url: string) => Promise<BridgeConnection>;

/** Opens the SockJS bridge; reconnects with backoff from 1 s doubling to 30 s. */
export const BRIDGE_FACTORY = new InjectionToken<BridgeFactory>('bridge factory', {
  providedIn: 'root',
  factory: () => async (url: string) => {
    const { default: EventBus } = await import('@vertx/eventbus-bridge-client.js');
    return new EventBus(url, {
      vertxbus_reconnect_delay_min: 1000,
      vertxbus_reconnect_delay_max: 30000,
      vertxbus_reconnect_exponent: 2,
    });
  },
});

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/**
 * Live updates for the signed-in business: the gateway's bridge delivers the services' events on
 * `live.<subject>` (only its own). One connection per page, shared by every component.
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly createBridge = inject(BRIDGE_FACTORY);
  private readonly url = inject(AuthApi).eventBusUrl();
  private readonly incoming = new Subject<CloudEvent>();
  private readonly state = signal<LiveStatus>('off');
  private bridge: BridgeConnection | null = null;

  readonly status = this.state.asReadonly();
  readonly events: Observable<CloudEvent> = this.incoming.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  async start(subject: string): Promise<void> {
    if (this.bridge) {
      return;
    }
    this.state.set('connecting');
    const bridge = await this.createBridge(this.url);
    this.bridge = bridge;
    bridge.enableReconnect(true);
    // handlers belong to one socket: register again on every (re)connection
    bridge.onopen = () => {
      this.state.set('live');
      bridge.registerHandler(`live.${subject}`, (error, message) => {
        const body = typeof message?.body === 'string' ? parseJson(message.body) : message?.body;
        if (!error && isCloudEvent(body)) {
          this.incoming.next(body);
        }
      });
    };
    bridge.onclose = () => this.state.set(this.bridge ? 'reconnecting' : 'off');
    bridge.onerror = () => undefined;
  }

  stop(): void {
    const bridge = this.bridge;
    this.bridge = null;
    if (bridge) {
      bridge.enableReconnect(false);
      bridge.close();
    }
    this.state.set('off');
  }

  /**
   * Events about one thing (an invoice): its id in their data (`id`, `invoice_id` or
   * `metadata.invoice_id`, as an email sent for it carries) or as their `subject`.
   */
  about<T extends { id?: string }>(id: string): Observable<CloudEvent<T>> {
    return this.events.pipe(filter((event): event is CloudEvent<T> => isAbout(event, id)));
  }
}

function isAbout(event: CloudEvent, id: string): boolean {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as {
    id?: unknown;
    invoice_id?: unknown;
    metadata?: { invoice_id?: unknown } | null;
  };
  return data.id === id || data.invoice_id === id || data.metadata?.invoice_id === id || event.subject === id;
}

function isCloudEvent(body: unknown): body is CloudEvent {
  return typeof body === 'object' && body !== null && typeof (body as CloudEvent).type === 'string' && 'data' in body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
