/**
 * A TCP proxy in front of the SMTP fake, for faults the fake cannot stage on its own:
 * - `open = false` answers every new connection with a 421 greeting, as a relay under maintenance does;
 * - `dataSent` counts messages whose DATA the client has finished sending (the `<CRLF>.<CRLF>`
 *   terminator went by), so a test knows when a stalled server holds the client inside a send.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class SmtpProxy {
  open = true;
  dataSent = 0;
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  async start(upstreamPort: number): Promise<this> {
    const server = createServer((client) => {
      this.track(client);
      if (!this.open) {
        client.end('421 4.3.2 Service not available, closing transmission channel\r\n');
        return;
      }
      const upstream = connect(upstreamPort, '127.0.0.1');
      this.track(upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      let tail = '';
      client.on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('latin1');
        this.dataSent += text.split('\r\n.\r\n').length - 1;
        tail = text.slice(-4);
      });
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}
