import { TestBed } from '@angular/core/testing';
import { BRIDGE_FACTORY, BridgeConnection, CloudEvent, LiveUpdates } from './live-updates';

class FakeBridge implements BridgeConnection {
  onopen: (() => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: (error: unknown) => void = () => undefined;
  reconnect = false;
  closed = false;
  registered: string[] = [];
  handlers: ((error: unknown, message: { body: unknown }) => void)[] = [];
  enableReconnect(enable: boolean) { this.reconnect = enable; }
  registerHandler(address: string, handler: (error: unknown, message: { body: unknown }) => void) {
    this.registered.push(address);
    this.handlers.push(handler);
  }
  close() { this.closed = true; }
  deliver(body: unknown) { this.handlers.at(-1)?.(null, { body }); }
}

describe('LiveUpdates', () => {
  let bridge: FakeBridge;
  let urls: string[];

  beforeEach(() => {
    bridge = new FakeBridge();
    urls = [];
    TestBed.configureTestingModule({
      providers: [{ provide: BRIDGE_FACTORY, useValue: async (url: string) => (urls.push(url), bridge) }],
    });
  });

  const event = (type: string, id: string): CloudEvent => ({
    specversion: '1.0', id: 'e-' + id, type, source: '/invoices', time: '2026-12-01T10:00:00Z', data: { id, status: 'sent' },
  });

  it('listens on the business’s own address, again after each reconnection, with reconnect on', async () => {
    const live = TestBed.inject(LiveUpdates);
    await live.start('sub-1');
    expect(urls).toEqual(['/eventbus']);
    expect(bridge.reconnect).toBe(true);

    bridge.onopen?.();
    expect(live.status()).toBe('live');
    bridge.onclose?.({});
    expect(live.status()).toBe('reconnecting');
    bridge.onopen?.();

    expect(bridge.registered).toEqual(['live.sub-1', 'live.sub-1']);
  });

  it('hands on the events about one invoice, as objects or JSON text', async () => {
    const live = TestBed.inject(LiveUpdates);
    await live.start('sub-1');
    bridge.onopen?.();
    const seen: string[] = [];
    live.about('inv_1').subscribe((e) => seen.push(e.type));

    bridge.deliver(event('invoice.issued', 'inv_1'));
    bridge.deliver(event('invoice.issued', 'inv_2'));
    bridge.deliver(JSON.stringify(event('invoice.sent', 'inv_1')));
    bridge.deliver('not json');

    expect(seen).toEqual(['invoice.issued', 'invoice.sent']);
  });

  it('stops reconnecting when stopped', async () => {
    const live = TestBed.inject(LiveUpdates);
    await live.start('sub-1');
    live.stop();
    expect(bridge.reconnect).toBe(false);
    expect(bridge.closed).toBe(true);
    expect(live.status()).toBe('off');
  });
});
