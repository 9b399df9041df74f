import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** A raw HTTP answer: the status and the whole text (status line, headers, body). */
export interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Sends one request line exactly as written (absolute-form targets, `//` paths, odd methods: what no HTTP client
 * library sends) and returns the raw answer. Listens on 127.0.0.1 first when the server is not listening yet.
 */
export async function rawRequest(server: Server, head: string, body = '', headers: string[] = []): Promise<RawAnswer> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        [head, 'Host: 127.0.0.1', 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`, ...headers]
          .join('\r\n')
          .concat(`\r\n\r\n${body}`),
      ),
    );
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  return { status: Number(text.split(' ', 2)[1]), text };
}
