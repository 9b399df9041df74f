import { connect } from 'node:net';

/**
 * How many clients other than this probe are connected to the redis-server on `port` (`CLIENT LIST`, one
 * line per connection), over a raw socket: the sample does not depend on a Redis client library itself.
 */
export async function redisClientCount(port: number): Promise<number> {
  const socket = connect(port, '127.0.0.1');
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        const header = buffer.indexOf('\r\n');
        if (header < 0) return;
        if (buffer[0] !== 0x24) return reject(new Error(`unexpected reply: ${buffer.toString()}`)); // '$'
        const length = Number(buffer.subarray(1, header).toString());
        if (buffer.length >= header + 2 + length) resolve(buffer.subarray(header + 2, header + 2 + length).toString());
      });
      socket.write('CLIENT LIST\r\n');
    });
    return reply.split('\n').filter((line) => line.trim() !== '').length - 1;
  } finally {
    socket.destroy();
  }
}
