import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

function isGlobalEnhancer(provider: Provider): boolean {
  return (
    typeof provider === 'object' &&
    (provider.provide === APP_GUARD || provider.provide === APP_INTERCEPTOR)
  );
}

/**
 * `ClsModule.forRoot` always registers a global guard and a global interceptor; unless they are
 * mounted (this app mounts neither: transactions start their own context, see Db) both do
 * nothing. Yet one global interceptor makes every request run Nest's interceptor chain (an RxJS
 * pipeline and an `AsyncResource.bind` per request). This returns the module without them.
 */
export function withoutGlobalEnhancers(module: DynamicModule): DynamicModule {
  return {
    ...module,
    providers: module.providers?.filter((provider) => !isGlobalEnhancer(provider)),
    imports: module.imports?.map((imported) =>
      imported && typeof imported === 'object' && 'module' in imported
        ? withoutGlobalEnhancers(imported as DynamicModule)
        : imported,
    ),
  };
}

/** Whether a module, or any dynamic module it imports, registers a global guard or interceptor. */
export function hasGlobalEnhancers(module: DynamicModule): boolean {
  return (
    (module.providers ?? []).some(isGlobalEnhancer) ||
    (module.imports ?? []).some(
      (imported) =>
        !!imported &&
        typeof imported === 'object' &&
        'module' in imported &&
        hasGlobalEnhancers(imported as DynamicModule),
    )
  );
}
