import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-about-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <h1 class="nhsuk-heading-l">About AHP Placements</h1>
        <p>
          AHP Placements is a shared, open-source service where placement providers post practice
          placements in mental health, learning disability and autism services, students of the
          Allied Health Professions apply and rank them, and university placement coordinators
          approve matches. Feedback from students and educators is recorded and fed back into
          quality and capacity planning.
        </p>
        <h2 class="nhsuk-heading-m">Your data</h2>
        <p>
          Each organisation sees only its own people: a coordinator sees their university's
          students, a provider sees applications to its own placements, and a student sees their own
          applications, matches and feedback.
        </p>
        <h2 class="nhsuk-heading-m">Postcode data</h2>
        <p>
          Distances are worked out from the centre of each postcode district, accurate to a few
          kilometres.
        </p>
        <p class="nhsuk-body-s">
          Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data ©
          Royal Mail copyright and database right 2025. Source: Office for National Statistics
          licensed under the Open Government Licence v.3.0.
        </p>
      </div>
    </div>
  `,
})
export class AboutPage {}
