import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type {
  PlacementModel,
  PlacementStatus,
  Profession,
  Region,
  Requirement,
  Setting,
} from '@ahp/contracts';

/** numeric columns arrive as strings from pg; hours are small enough for a JS number. */
const numeric = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'placement' })
export class PlacementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true })
  professions: Profession[];

  @Column({ type: 'text' })
  setting: Setting;

  @Column({ name: 'service_type', type: 'varchar', length: 100, nullable: true })
  serviceType: string | null;

  @Column({ type: 'text' })
  model: PlacementModel;

  @Column({ type: 'text' })
  region: Region;

  @Column({ type: 'varchar', length: 8 })
  postcode: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({
    name: 'hours_per_week',
    type: 'numeric',
    precision: 4,
    scale: 1,
    nullable: true,
    transformer: numeric,
  })
  hoursPerWeek: number | null;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ name: 'approved_count', type: 'integer', default: 0 })
  approvedCount: number;

  @Column({ name: 'min_year_of_study', type: 'smallint', default: 1 })
  minYearOfStudy: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  requirements: Requirement[];

  @Column({ name: 'application_deadline', type: 'date', nullable: true })
  applicationDeadline: string | null;

  @Column({ type: 'text', default: 'draft' })
  status: PlacementStatus;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
