/**
 * Reads a response body up to `limit` bytes, whatever its content-length says (a chunked body has none),
 * and returns an equivalent Response. Throws past the limit, having read no more than limit + one chunk.
 */
export async function boundedResponse(response: Response, limit: number): Promise<Response> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw new Error(`response of ${declared} bytes exceeds ${limit}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new Error(`response exceeds ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  return new Response(Buffer.concat(chunks), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
