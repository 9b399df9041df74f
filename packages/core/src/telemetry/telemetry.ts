import { metrics, SpanStatusCode, trace, type Counter, type MeterProvider, type Span } from '@opentelemetry/api';
import { SignetError } from '../errors/signet-error.js';

/** The instrumentation scope of every span and instrument Signet creates. */
export const TELEMETRY_SCOPE = '@signet/core';

/** The operations Signet traces and counts. */
export type TracedOperation = 'authorize' | 'callback' | 'refresh';

/** What identifies the client in a span: never a token, a state, a code or a key. */
export interface TelemetryIdentity {
  issuer: string;
  clientId: string;
}

/** One counter per operation, named after what it counts. */
const COUNTER_NAMES: Record<TracedOperation, string> = {
  authorize: 'signet.authorization.requests',
  callback: 'signet.authorization.responses',
  refresh: 'signet.refresh',
};

// The API's tracer is a proxy: it starts delegating once an SDK registers a provider, whenever that happens.
const tracer = trace.getTracer(TELEMETRY_SCOPE);

// The API's meters are not proxies: instruments are made from the provider registered now, and made again if
// another one is registered later (tests, an SDK started after Signet was imported).
let instruments: { provider: MeterProvider; counters: Record<TracedOperation, Counter> } | undefined;

function counterFor(operation: TracedOperation): Counter {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider !== provider) {
    const meter = provider.getMeter(TELEMETRY_SCOPE);
    const make = (op: TracedOperation) =>
      meter.createCounter(COUNTER_NAMES[op], { description: `Signet ${op} outcomes, by outcome and code` });
    instruments = {
      provider,
      counters: { authorize: make('authorize'), callback: make('callback'), refresh: make('refresh') },
    };
  }
  return instruments.counters[operation];
}

/** The outcome of a traced operation: success, a coded refusal, or a fault that is not Signet's refusal. */
export type TelemetryOutcome = 'success' | 'refused' | 'error';

function finish(
  span: Span,
  operation: TracedOperation,
  identity: TelemetryIdentity,
  outcome: TelemetryOutcome,
  code?: string,
): void {
  // Only the outcome and the code: low cardinality, and nothing secret can reach a metrics backend.
  counterFor(operation).add(
    1,
    code ? { 'signet.outcome': outcome, 'signet.code': code } : { 'signet.outcome': outcome },
  );
  // A non-recording span (no SDK, or not sampled) gets no attributes: nothing is built for it.
  if (!span.isRecording()) return;
  span.setAttribute('signet.outcome', outcome);
  span.setAttribute('signet.client_id', identity.clientId);
  span.setAttribute('signet.issuer', identity.issuer);
  if (code) span.setAttribute('signet.code', code);
  // The status message is the code alone: an error message may quote what the AS sent.
  if (outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? 'error' });
}

/**
 * Runs an operation in a span `signet.<operation>` and counts its outcome. Without an OpenTelemetry SDK the API
 * is a no-op: the span does not record and the counter discards.
 */
export function traced<T>(operation: TracedOperation, identity: TelemetryIdentity, run: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(`signet.${operation}`, async (span) => {
    try {
      const value = await run();
      finish(span, operation, identity, 'success');
      return value;
    } catch (error) {
      if (error instanceof SignetError) finish(span, operation, identity, 'refused', error.code);
      else finish(span, operation, identity, 'error');
      throw error;
    } finally {
      span.end();
    }
  });
}
