import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { OfferType } from '../offers/offer.type.js';
import { LatLonInput, LatLonType } from '../reports/report.type.js';

/** GraphQL mirrors of the shared zod schemas; tests/integration/offers-graphql.test.ts fails when the two drift. */
@ObjectType('Need')
export class NeedType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field({ nullable: true, description: 'The requesting agency.' }) org?: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field() resourceType!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Int, { description: 'How much is covered by commitments so far.' }) met!: number;
  @Field() unit!: string;
  @Field(() => LatLonType) location!: LatLonType;
  @Field({ nullable: true }) neededBy?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ description: 'open, partly-met, met or cancelled' }) status!: string;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('NeedPage')
export class NeedPageType {
  @Field(() => [NeedType]) items!: NeedType[];
  @Field({ description: 'The change id this snapshot is consistent with.' }) cursor!: string;
  @Field(() => Int) total!: number;
}

@InputType('NewNeedInput')
export class NewNeedInput {
  @Field() resourceType!: string;
  @Field(() => Int) quantity!: number;
  @Field({ nullable: true }) unit?: string;
  @Field(() => LatLonInput) location!: LatLonInput;
  @Field({ nullable: true }) neededBy?: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field({ nullable: true }) description?: string;
}

@ObjectType('Commitment')
export class CommitmentType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field() needId!: string;
  @Field() offerId!: string;
  @Field() offerOrg!: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field() resourceType!: string;
  @Field() unit!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => LatLonType, { description: "The need's place: where to deliver." }) deliverTo!: LatLonType;
  @Field({ nullable: true, description: 'The committing agency.' }) committedByOrg?: string;
  @Field({ nullable: true, description: 'Operators and admins only.' }) committedByToken?: string;
  @Field({ description: 'committed, delivered or released' }) status!: string;
  @Field() createdAt!: string;
  @Field({ nullable: true }) deliveredAt?: string;
  @Field() updatedAt!: string;
}

@ObjectType('CommitmentPage')
export class CommitmentPageType {
  @Field(() => [CommitmentType]) items!: CommitmentType[];
  @Field() cursor!: string;
  @Field(() => Int) total!: number;
}

@InputType('NewCommitmentInput')
export class NewCommitmentInput {
  @Field() offerId!: string;
  @Field(() => Int) quantity!: number;
}

@ObjectType('MatchParts', { description: 'Points each part of the score contributed (they add up to the score).' })
export class MatchPartsType {
  @Field(() => Float) proximity!: number;
  @Field(() => Float) coverage!: number;
  @Field(() => Float) timing!: number;
  @Field(() => Float) freshness!: number;
}

@ObjectType('Match')
export class MatchType {
  @Field(() => OfferType) offer!: OfferType;
  @Field(() => Float) score!: number;
  @Field(() => Float) distanceKm!: number;
  @Field(() => [String]) reasons!: string[];
  @Field(() => MatchPartsType) parts!: MatchPartsType;
}
