// @signet/nestjs: Signet's FAPI client as a NestJS module. Every export is listed by name.
export { SignetModule } from './signet.module.js';
export { SIGNET_MODULE_OPTIONS, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } from './signet.module-definition.js';
export type {
  SignetModuleOptions,
  SignetModuleExtras,
  SignetSessionOptions,
  SignetClientsModuleOptions,
  SignetSharedClientOptions,
  SignetModuleConfiguration,
} from './signet-module-options.interface.js';
export {
  SIGNET_CLIENT,
  SIGNET_LOGIN_METADATA,
  SIGNET_CALLBACK_METADATA,
  SIGNET_AUTHORIZE_METADATA,
  SIGNET_REQUEST_KEY,
  SIGNET_RELAY_FIELD,
  SIGNET_SESSION_COOKIE,
  SIGNET_CLIENT_NAME_METADATA,
  SIGNET_DEFAULT_CLIENT,
  signetClientToken,
} from './signet.constants.js';
export { InjectSignetClient } from './signet-client.decorator.js';
export { SignetClientsService } from './signet-clients.service.js';
export { SignetClientParam } from './signet-client-name.js';
export type { SignetClientSelector } from './signet-client-name.js';
export { InjectSignetOptions } from './signet-options.decorator.js';
export { SIGNET_SESSION_SETTINGS } from './signet-client.provider.js';

export { signetOptionsFromEnvironment, SignetEnvironment, SIGNET_ENVIRONMENT_STATE } from './signet-environment.js';
/** The configuration table `forEnvironment()` reads: core's, re-exported for the README and tooling. */
export { SIGNET_ENVIRONMENT } from '@signet/core';
export type { EnvironmentVariable as SignetEnvironmentVariable } from '@signet/core';

export { SignetLogin } from './signet-login.decorator.js';
export { SignetLoginGuard } from './signet-login.guard.js';
export { SignetLoginInterceptor } from './signet-login.interceptor.js';
export { SignetCallback } from './signet-callback.decorator.js';
export { SignetCallbackGuard } from './signet-callback.guard.js';
export type { SignetCallbackOptions } from './signet-callback.guard.js';
export { SignetAuthenticated } from './signet-authenticated.decorator.js';
export { SignetSessionGuard, SESSION_ERROR_CODES } from './signet-session.guard.js';
export { SignetSameOriginGuard } from './signet-same-origin.guard.js';
export type { SignetSessionRequirements } from './signet-session.guard.js';
export { SignetResult, SignetUser } from './signet-result.decorator.js';

export { SignetSessionService } from './signet-session.service.js';
export { SignetGrantService } from './signet-grant.service.js';
export { SignetGrant } from './signet-grant.decorator.js';
export type { SignetGrantHandle } from './signet-grant.handle.js';
export { SIGNET_SESSIONS } from './signet-sessions.provider.js';
export type { SignetSession, SessionSettings } from './signet-session.js';
export { SignetAuditService } from './signet-audit.service.js';
export { SignetLogService } from './signet-log.service.js';
export { SignetExceptionFilter } from './signet-exception.filter.js';
export { SignetRefusalFilter, SIGNET_CALLBACK_PATHS } from './signet-refusal.filter.js';
export type { SignetErrorBody } from './signet-exception.filter.js';
export { SignetJwksController } from './signet-jwks.controller.js';
export type { SignetRequestState } from './signet-request.js';
export { signetState } from './signet-request.js';
