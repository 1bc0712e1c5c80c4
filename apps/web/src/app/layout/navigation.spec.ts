import { navigationFor } from './navigation';

describe(navigationFor.name, () => {
  it('gives each role its own menu, starting at Home', () => {
    expect(navigationFor('admin').map((item) => item.label)).toEqual([
      'Home',
      'Organisations',
      'Users',
      'Matches',
      'Allocation rounds',
      'Feedback',
      'Reports',
    ]);
    expect(navigationFor('coordinator').map((item) => item.label)).toEqual([
      'Home',
      'Students',
      'Find placements',
      'Applications',
      'Matches',
      'Allocation rounds',
      'Feedback',
      'Reports',
    ]);
    expect(navigationFor('provider').map((item) => item.label)).toEqual([
      'Home',
      'Manage placements',
      'Applications',
      'Feedback',
      'Reports',
      'Colleagues',
    ]);
    expect(navigationFor('student').map((item) => item.label)).toEqual([
      'Home',
      'Find placements',
      'My applications',
      'My placements',
      'Your profile',
    ]);
  });

  it('is empty for someone not signed in', () => {
    expect(navigationFor(null)).toEqual([]);
  });
});
