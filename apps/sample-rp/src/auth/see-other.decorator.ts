import { applyDecorators, Header, HttpCode } from '@nestjs/common';

/**
 * A fixed 303 to `location`, with no body: what `@Redirect(location, 303)` answers, without Express's redirect()
 * negotiating a text or HTML body for it on every sign-in (measured in BENCHMARKS.md, issue 15). Nest sets the
 * status and header only once the guards let the request through, so a refusal or a relay page is unaffected.
 */
export function SeeOther(location: string): MethodDecorator {
  return applyDecorators(HttpCode(303), Header('Location', location));
}
