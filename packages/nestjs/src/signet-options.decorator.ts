import { Inject } from '@nestjs/common';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';

/** Injects the resolved `SignetModuleOptions`. */
export const InjectSignetOptions = (): ParameterDecorator & PropertyDecorator => Inject(SIGNET_MODULE_OPTIONS);
