import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { metrics, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { SignetClient, TELEMETRY_SCOPE } from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';

// A real OpenTelemetry SDK registered globally, as an application would, against a real oidc-provider.
class ManualReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

let as: DevAs;
let c: TestClient;
const spans = new InMemorySpanExporter();
const reader = new ManualReader();
const meterProvider = new MeterProvider({ readers: [reader] });

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  metrics.setGlobalMeterProvider(meterProvider);
  c = await makeClient('otel-client', 'ES256');
  as = await startDevAs({ clients: [c.metadata] as never, profile: () => 'fapi2' });
});

afterAll(async () => {
  await as?.close();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
});

async function counted(name: string): Promise<DataPoint<number>[]> {
  const { resourceMetrics } = await reader.collect();
  const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === TELEMETRY_SCOPE);
  const metric = scope?.metrics.find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as DataPoint<number>[];
}

function countOf(points: DataPoint<number>[], attributes: Record<string, string>): number {
  return points.find((p) => JSON.stringify(p.attributes) === JSON.stringify(attributes))?.value ?? 0;
}

describe('OpenTelemetry spans and counters', () => {
  it('traces a refused callback with its code and counts it, with no state, code or token in any attribute', async () => {
    const client = await SignetClient.create({
      issuer: as.issuer,
      clientId: c.clientId,
      redirectUri: c.redirectUri,
      signingKeys: [c.signingKey],
      logger: false,
    });
    spans.reset();
    const request = await client.authorize({ scope: 'openid' });
    const input = deliver(await completeLogin(request.url));
    const result = await client.callback(input);
    // Replayed: refused before any token request.
    const error = await client.callback(input).then(
      () => undefined,
      (e: { code: string }) => e,
    );
    expect(error?.code).toBe('ERR_STATE_UNKNOWN');

    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => s.name)).toEqual(['signet.authorize', 'signet.callback', 'signet.callback']);
    expect(finished.map((s) => s.instrumentationScope.name)).toEqual([
      TELEMETRY_SCOPE,
      TELEMETRY_SCOPE,
      TELEMETRY_SCOPE,
    ]);
    const refused = finished[2]!;
    expect(refused.attributes).toEqual({
      'signet.outcome': 'refused',
      'signet.code': 'ERR_STATE_UNKNOWN',
      'signet.client_id': c.clientId,
      'signet.issuer': as.issuer,
    });
    expect(refused.status).toEqual({ code: 2, message: 'ERR_STATE_UNKNOWN' });
    expect(finished[1]!.attributes['signet.outcome']).toBe('success');

    const responses = await counted('signet.authorization.responses');
    expect(countOf(responses, { 'signet.outcome': 'refused', 'signet.code': 'ERR_STATE_UNKNOWN' })).toBe(1);
    expect(countOf(responses, { 'signet.outcome': 'success' })).toBe(1);
    expect(countOf(await counted('signet.authorization.requests'), { 'signet.outcome': 'success' })).toBe(1);

    // Nothing secret in any attribute or status of any span: not the state, the response, nor a token.
    const params = new URLSearchParams(input.params as URLSearchParams);
    const secrets = [
      request.state,
      ...params.values(),
      result.tokens.accessToken,
      ...(result.tokens.idToken ? [result.tokens.idToken] : []),
    ];
    expect(secrets.length).toBeGreaterThan(2);
    const recorded = JSON.stringify(finished.map((s) => [s.attributes, s.status, s.events]));
    for (const secret of secrets) expect(recorded).not.toContain(secret);
  });
});
