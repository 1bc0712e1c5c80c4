import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({ errorOnUnknownElements: true, errorOnUnknownProperties: true });

// jsdom does not lay pages out, so it has no scrolling; the components call it after focusing.
Element.prototype.scrollIntoView = function scrollIntoView() {
  /* nothing to scroll in jsdom */
};
