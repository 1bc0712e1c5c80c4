import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  inject,
  viewChild,
  Injector,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { SiteFooter } from './layout/site-footer';
import { SiteHeader } from './layout/site-header';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, SiteHeader, SiteFooter],
  template: `
    <a class="nhsuk-skip-link" href="#maincontent" (click)="skipToContent($event)"
      >Skip to main content</a
    >
    <app-site-header />
    <div class="nhsuk-width-container">
      <main class="nhsuk-main-wrapper app-main" id="maincontent" role="main" tabindex="-1" #main>
        <router-outlet />
      </main>
    </div>
    <app-site-footer />
  `,
})
export class App {
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly injector = inject(Injector);

  constructor() {
    // After moving to another page, put focus on its heading, as a full page load would put a
    // screen reader at the top: otherwise keyboard users are left on a link that no longer exists.
    let first = true;
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() => {
        if (first) {
          first = false;
          return;
        }
        afterNextRender(() => this.focusHeading(), { injector: this.injector });
      });
  }

  skipToContent(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  private focusHeading(): void {
    const heading = this.main().nativeElement.querySelector<HTMLElement>('h1');
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}
