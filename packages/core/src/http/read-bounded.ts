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
  const head = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (response.body && response.headers.has('content-length') && Number.isSafeInteger(declared) && declared >= 0) {
    // A declared length within the bound: read whole (the HTTP client refuses a body longer than it declares),
    // through the body reader, which a ResponseProbe keeps for a diagnosis.
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > limit) throw new Error(`response exceeds ${limit} bytes`);
    return new Response(bytes, head);
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
  return new Response(Buffer.concat(chunks), head);
}
