import type { EndpointFailure } from '../errors/endpoint-failure.js';
import type { AuditedEndpointFailure } from './audit-event.js';

/** The audited part of an endpoint failure: no URL (it is in the metadata) and no free-text description. */
export function auditedFailure(failure: EndpointFailure): AuditedEndpointFailure {
  return {
    endpoint: failure.endpoint,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    body: failure.body,
    ...(failure.error ? { error: failure.error } : {}),
    ...(failure.transport ? { transport: failure.transport } : {}),
  };
}
