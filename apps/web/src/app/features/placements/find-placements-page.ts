import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  type OnInit,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import {
  PROFESSIONS,
  REGIONS,
  SETTINGS,
  type Profession,
  type Region,
  type Setting,
} from '@ahp/contracts';
import { Session } from '../../core/session';
import { PlacementsClient, type PlacementQuery } from '../../data-access/placements-client';
import { DateInput } from '../../shared/date-input';
import { pagedList } from '../../shared/paged-list';
import { PlacementCard } from './placement-card';

interface Filters {
  profession: string;
  setting: string;
  region: string;
  near: string;
  radiusKm: string;
  startFrom: string;
  startTo: string;
  q: string;
}

const RADII = [10, 25, 50, 75, 100, 150];

/**
 * "Find placements". Filters live in the address, so results can be bookmarked and the back
 * button works. A student's first visit starts from their own profession, near their home
 * postcode, within their travel limit.
 */
@Component({
  selector: 'app-find-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DateInput, PlacementCard],
  template: `
    <h1 class="nhsuk-heading-l">Find placements</h1>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-third">
        <form (ngSubmit)="apply()" role="search" aria-label="Filter placements">
          <h2 class="nhsuk-heading-s">Filter placements</h2>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-q">Keywords</label>
            <input class="nhsuk-input" id="filter-q" name="q" type="search" [(ngModel)]="draft.q" />
          </div>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-profession">Profession</label>
            <select
              class="nhsuk-select"
              id="filter-profession"
              name="profession"
              [(ngModel)]="draft.profession"
            >
              <option value="">Any profession</option>
              <optgroup label="Common in mental health services">
                @for (profession of mentalHealthProfessions; track profession.code) {
                  <option [value]="profession.code">{{ profession.label }}</option>
                }
              </optgroup>
              <optgroup label="Other Allied Health Professions">
                @for (profession of otherProfessions; track profession.code) {
                  <option [value]="profession.code">{{ profession.label }}</option>
                }
              </optgroup>
            </select>
          </div>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-near">Near postcode</label>
            <div class="nhsuk-hint" id="filter-near-hint">
              Results are sorted by distance from here
            </div>
            <input
              class="nhsuk-input nhsuk-input--width-10"
              id="filter-near"
              name="near"
              type="text"
              autocomplete="postal-code"
              aria-describedby="filter-near-hint"
              [(ngModel)]="draft.near"
            />
          </div>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-radius">Distance</label>
            <select
              class="nhsuk-select"
              id="filter-radius"
              name="radiusKm"
              [(ngModel)]="draft.radiusKm"
            >
              <option value="">Any distance</option>
              @for (radius of radii(); track radius) {
                <option [value]="radius">Within {{ radius }} km</option>
              }
            </select>
          </div>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-setting">Setting</label>
            <select
              class="nhsuk-select"
              id="filter-setting"
              name="setting"
              [(ngModel)]="draft.setting"
            >
              <option value="">Any setting</option>
              @for (setting of settings; track setting.code) {
                <option [value]="setting.code">{{ setting.label }}</option>
              }
            </select>
          </div>
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-region">NHS England region</label>
            <select
              class="nhsuk-select"
              id="filter-region"
              name="region"
              [(ngModel)]="draft.region"
            >
              <option value="">Any region</option>
              @for (region of regions; track region.code) {
                <option [value]="region.code">{{ region.label }}</option>
              }
            </select>
          </div>
          <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset">
              <legend class="nhsuk-fieldset__legend">Starting on or after</legend>
              <app-date-input
                inputId="filter-start-from"
                name="startFrom"
                [(ngModel)]="draft.startFrom"
              />
            </fieldset>
          </div>
          <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset">
              <legend class="nhsuk-fieldset__legend">Starting on or before</legend>
              <app-date-input
                inputId="filter-start-to"
                name="startTo"
                [(ngModel)]="draft.startTo"
              />
            </fieldset>
          </div>
          <button class="nhsuk-button" type="submit">Apply filters</button>
        </form>
      </div>
      <div class="nhsuk-grid-column-two-thirds">
        @if (results.loading() && results.items().length === 0) {
          <p aria-live="polite">Finding placements…</p>
        } @else if (results.error()) {
          <div class="nhsuk-error-summary" tabindex="-1">
            <div role="alert">
              <h2 class="nhsuk-error-summary__heading">The search could not be done</h2>
              <div class="nhsuk-error-summary__body">
                <p>{{ results.error() }}</p>
              </div>
            </div>
          </div>
        } @else if (results.items().length === 0) {
          <h2 class="nhsuk-heading-m">No placements match</h2>
          <p>Try a larger distance, another setting or fewer keywords.</p>
        } @else {
          <p class="nhsuk-body" aria-live="polite">
            {{ results.hasMore() ? 'The first ' : 'All ' }}{{ results.items().length }}
            {{ results.items().length === 1 ? 'placement' : 'placements'
            }}{{ query().near ? ', nearest first' : '' }}.
          </p>
          <ul class="nhsuk-list">
            @for (placement of results.items(); track placement.id) {
              <li><app-placement-card [placement]="placement" /></li>
            }
          </ul>
          @if (results.hasMore()) {
            <button
              class="nhsuk-button nhsuk-button--secondary"
              type="button"
              [disabled]="results.loading()"
              (click)="results.showMore()"
            >
              Show more placements
            </button>
          }
        }
      </div>
    </div>
  `,
})
export class FindPlacementsPage implements OnInit {
  readonly profession = input<string>();
  readonly setting = input<string>();
  readonly region = input<string>();
  readonly near = input<string>();
  readonly radiusKm = input<string>();
  readonly startFrom = input<string>();
  readonly startTo = input<string>();
  readonly q = input<string>();
  /** Set once someone has chosen filters, so an empty filter is not replaced by the defaults. */
  readonly filtered = input<string>();

  private readonly client = inject(PlacementsClient);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  protected readonly mentalHealthProfessions = PROFESSIONS.filter((p) => p.commonInMentalHealth);
  protected readonly otherProfessions = PROFESSIONS.filter((p) => !p.commonInMentalHealth);
  protected readonly settings = SETTINGS;
  protected readonly regions = REGIONS;
  protected draft: Filters = emptyFilters();

  /** The student's own travel limit is offered beside the usual distances. */
  protected readonly radii = computed(() => {
    const own = this.session.user()?.studentProfile?.maxTravelKm;
    return own && !RADII.includes(own) ? [...RADII, own].sort((a, b) => a - b) : RADII;
  });

  protected readonly query = computed<PlacementQuery>(() => ({
    profession: (this.profession() || undefined) as Profession | undefined,
    setting: (this.setting() || undefined) as Setting | undefined,
    region: (this.region() || undefined) as Region | undefined,
    near: this.near() || undefined,
    radiusKm: this.near() && this.radiusKm() ? Number(this.radiusKm()) : undefined,
    startFrom: this.startFrom() || undefined,
    startTo: this.startTo() || undefined,
    q: this.q() || undefined,
  }));
  protected readonly results = pagedList(this.query, (query, cursor) =>
    this.client.search({ ...query, cursor, limit: 20 }),
  );

  constructor() {
    // The form shows the filters in force whenever the address changes (back button included).
    effect(() => {
      this.draft = {
        profession: this.profession() ?? '',
        setting: this.setting() ?? '',
        region: this.region() ?? '',
        near: this.near() ?? '',
        radiusKm: this.radiusKm() ?? '',
        startFrom: this.startFrom() ?? '',
        startTo: this.startTo() ?? '',
        q: this.q() ?? '',
      };
    });
  }

  ngOnInit(): void {
    const profile = this.session.user()?.studentProfile;
    if (!this.filtered() && profile) {
      void this.router.navigate([], {
        queryParams: {
          filtered: 1,
          profession: profile.profession,
          near: profile.homePostcode ?? undefined,
          radiusKm: profile.homePostcode && profile.maxTravelKm ? profile.maxTravelKm : undefined,
        },
        replaceUrl: true,
      });
    }
  }

  apply(): void {
    const chosen = Object.fromEntries(
      Object.entries(this.draft).filter(([, value]) => value && value !== 'incomplete'),
    );
    void this.router.navigate([], { queryParams: { ...chosen, filtered: 1 } });
  }
}

function emptyFilters(): Filters {
  return {
    profession: '',
    setting: '',
    region: '',
    near: '',
    radiusKm: '',
    startFrom: '',
    startTo: '',
    q: '',
  };
}
