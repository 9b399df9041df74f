import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SignetModuleExtras, SignetModuleOptions } from './signet-module-options.interface.js';
import { SignetJwksController } from './signet-jwks.controller.js';

/** Defaults of the extras, in one place. */
const EXTRAS: Required<SignetModuleExtras> = { isGlobal: false, jwksRoute: false };

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: SIGNET_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SignetModuleOptions>({ moduleName: 'Signet' })
  .setClassMethodName('forRoot')
  .setExtras<SignetModuleExtras>(EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? EXTRAS.isGlobal,
    controllers: [...(definition.controllers ?? []), ...(extras.jwksRoute ? [SignetJwksController] : [])],
  }))
  .build();
