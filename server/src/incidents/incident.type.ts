import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('IncidentSource')
export class IncidentSourceType {
  @Field() kind!: string;
  @Field() id!: string;
  @Field(() => String, { nullable: true }) org?: string | null;
  @Field() addedAt!: string;
  @Field() by!: string;
}

@ObjectType('IncidentCounts')
export class IncidentCountsType {
  @Field(() => Int) reports!: number;
  @Field(() => Int) verifiedReports!: number;
  @Field(() => Int) alerts!: number;
}

@ObjectType('IncidentPinned')
export class IncidentPinnedType {
  @Field() status!: boolean;
}

/** Mirrors the shared Incident schema; tests/integration/incidents.test.ts fails when they drift. */
@ObjectType('Incident')
export class IncidentType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field() hazard!: string;
  @Field() title!: string;
  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON geometry' }) geometry!: unknown;
  @Field(() => JSONScalar, { nullable: true, description: '{ lat, lon }' }) location!: unknown;
  @Field() severity!: string;
  @Field(() => Float) confidence!: number;
  @Field() status!: string;
  @Field(() => [IncidentSourceType]) sources!: IncidentSourceType[];
  @Field(() => IncidentCountsType) counts!: IncidentCountsType;
  @Field() firstSeenAt!: string;
  @Field() lastSignalAt!: string;
  @Field(() => IncidentPinnedType) pinned!: IncidentPinnedType;
  @Field({ nullable: true }) mergedInto?: string;
  @Field(() => Int) version!: number;
  @Field() updatedAt!: string;
}

@ObjectType('IncidentPage')
export class IncidentPageType {
  @Field(() => [IncidentType]) items!: IncidentType[];
  @Field() cursor!: string;
  @Field(() => Int) total!: number;
}
