declare module '@vertx/eventbus-bridge-client.js' {
  export interface BridgeMessage {
    address: string;
    body: unknown;
    headers?: Record<string, string>;
  }

  export default class EventBus {
    static readonly CONNECTING: number;
    static readonly OPEN: number;
    static readonly CLOSING: number;
    static readonly CLOSED: number;
    constructor(url: string, options?: Record<string, unknown>);
    state: number;
    onopen: (() => void) | null;
    onclose: ((event: unknown) => void) | null;
    onerror: (error: unknown) => void;
    enableReconnect(enable: boolean): void;
    registerHandler(address: string, handler: (error: unknown, message: BridgeMessage) => void): void;
    close(): void;
  }
}
