import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SignetModuleConfiguration, SignetModuleExtras } from './signet-module-options.interface.js';
import { APP_FILTER } from '@nestjs/core';
import { SignetJwksController } from './signet-jwks.controller.js';
import { SIGNET_CALLBACK_PATHS, SignetRefusalFilter } from './signet-refusal.filter.js';

/** Defaults of the extras, in one place. */
const EXTRAS: Required<SignetModuleExtras> = {
  isGlobal: false,
  jwksRoute: false,
  httpRefusals: false,
  callbackPaths: [],
};

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: SIGNET_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SignetModuleConfiguration>({ moduleName: 'Signet' })
  .setClassMethodName('forRoot')
  .setExtras<SignetModuleExtras>(EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? EXTRAS.isGlobal,
    controllers: [...(definition.controllers ?? []), ...(extras.jwksRoute ? [SignetJwksController] : [])],
    providers: [
      ...(definition.providers ?? []),
      ...(extras.httpRefusals
        ? [
            { provide: SIGNET_CALLBACK_PATHS, useValue: [...(extras.callbackPaths ?? EXTRAS.callbackPaths)] },
            { provide: APP_FILTER, useClass: SignetRefusalFilter },
          ]
        : []),
    ],
  }))
  .build();
