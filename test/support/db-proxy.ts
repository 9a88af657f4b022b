import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test MongoDB: `cut()` drops every connection and refuses new ones
 * (the database unreachable), `restore()` lets them through again. The URI it gives fails fast and
 * reconnects fast, so a test of an outage takes seconds.
 */
export class DatabaseProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private down = false;
  uri = '';

  constructor(private readonly targetUri: string) {}

  async start(): Promise<this> {
    const target = new URL(this.targetUri);
    const server = createServer((client) => {
      if (this.down) {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const { port } = server.address() as { port: number };
    this.uri = `mongodb://127.0.0.1:${port}/?serverSelectionTimeoutMS=500&heartbeatFrequencyMS=500&connectTimeoutMS=500`;
    return this;
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  restore(): void {
    this.down = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
