/** Kinds of service the benchmarks' placements are drawn from: [name, setting, service type]. */
export const SERVICES = [
  ['Acute adult inpatient ward', 'mental_health', 'Inpatient'],
  ['Community mental health team', 'mental_health', 'Community'],
  ['Community CAMHS', 'mental_health', 'CAMHS'],
  ['Early intervention in psychosis team', 'mental_health', 'Early intervention in psychosis'],
  ['Crisis resolution and home treatment team', 'mental_health', 'Crisis and home treatment'],
  ['Medium secure forensic unit', 'mental_health', 'Forensic and secure'],
  ['Adult eating disorders service', 'mental_health', 'Eating disorders'],
  ['Perinatal mental health team', 'mental_health', 'Perinatal'],
  [
    'Community learning disability team',
    'learning_disability',
    'Community learning disability team',
  ],
  ['Supported living service', 'learning_disability', 'Supported living'],
  ['Adult autism assessment service', 'autism', 'Autism assessment'],
  ['Residential service for autistic adults', 'autism', 'Residential'],
];
