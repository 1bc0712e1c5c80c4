import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';

export const SERVICE_NAME = 'AHP Placements';

/** "Page – AHP Placements", as NHS.UK services title their pages. */
@Injectable()
export class ServiceTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} – ${SERVICE_NAME}` : SERVICE_NAME);
  }
}
