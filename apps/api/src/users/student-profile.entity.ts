import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Profession, Requirement } from '@ahp/contracts';
import { UserEntity } from './user.entity';

@Entity({ name: 'student_profile' })
export class StudentProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, (user) => user.studentProfile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  profession: Profession;

  @Column({ name: 'year_of_study', type: 'smallint' })
  yearOfStudy: number;

  @Column({ name: 'home_postcode', type: 'varchar', length: 8, nullable: true })
  homePostcode: string | null;

  @Column({ name: 'home_latitude', type: 'double precision', nullable: true })
  homeLatitude: number | null;

  @Column({ name: 'home_longitude', type: 'double precision', nullable: true })
  homeLongitude: number | null;

  @Column({ name: 'max_travel_km', type: 'integer', nullable: true })
  maxTravelKm: number | null;

  @Column({ name: 'reasonable_adjustments', type: 'text', nullable: true })
  reasonableAdjustments: string | null;

  /** Placement requirements the student has met (see REQUIREMENTS). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  compliance: Requirement[];

  /** Allocated first in allocation rounds when above 0 (reasonable adjustments, caring responsibilities). */
  @Column({ name: 'allocation_priority', type: 'smallint', default: 0 })
  allocationPriority: number;

  /** Practice hours completed before placements were recorded here. */
  @Column({
    name: 'prior_practice_hours',
    type: 'numeric',
    precision: 6,
    scale: 1,
    default: 0,
    transformer: {
      to: (value: number) => value,
      from: (value: string | null) => Number(value ?? 0),
    },
  })
  priorPracticeHours: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
