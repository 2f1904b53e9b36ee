/** Free TCP ports on 127.0.0.1, asked from the OS. */
import { createServer, type Server } from 'node:net';

/** Ports this process has handed out already: never hand the same one twice. */
const handedOut = new Set<number>();

/**
 * Returns `count` distinct ports that were free on 127.0.0.1 a moment ago. All are held open
 * together while being chosen, so they differ from each other and from earlier calls.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    let attempts = 0;
    while (ports.length < count) {
      if (++attempts > count * 20) throw new Error(`could not find ${count} free ports on ${host}`);
      const server = await listenOnAnyPort(host);
      held.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') continue;
      if (handedOut.has(address.port)) continue;
      ports.push(address.port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}

function listenOnAnyPort(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}
