import { ClsModule } from 'nestjs-cls';
import { hasGlobalEnhancers, withoutGlobalEnhancers } from './cls';
import { CLS_OPTIONS } from './database.module';

describe('withoutGlobalEnhancers', () => {
  it("removes nestjs-cls's unmounted global guard and interceptor, and nothing else", () => {
    const original = ClsModule.forRoot(CLS_OPTIONS);
    // If a new nestjs-cls stops registering them, or registers them elsewhere, this says so.
    expect(hasGlobalEnhancers(original)).toBe(true);
    const trimmed = withoutGlobalEnhancers(original);
    expect(hasGlobalEnhancers(trimmed)).toBe(false);

    const count = (module: typeof original): number =>
      (module.providers?.length ?? 0) +
      (module.imports ?? []).reduce<number>(
        (sum, imported) =>
          sum + (imported && 'module' in imported ? count(imported as typeof original) : 0),
        0,
      );
    expect(count(original) - count(trimmed)).toBe(2);
  });

  it('leaves the options unmounted, so the removed enhancers were doing nothing', () => {
    expect(CLS_OPTIONS.guard?.mount ?? false).toBe(false);
    expect(CLS_OPTIONS.interceptor?.mount ?? false).toBe(false);
    expect(CLS_OPTIONS.middleware?.mount ?? false).toBe(false);
  });
});
