import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { LatLonInput, LatLonType } from '../reports/report.type.js';

/** GraphQL mirrors of the shared zod schemas; tests/integration/offers-graphql.test.ts fails when the two drift. */
@ObjectType('Offer')
export class OfferType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field({ description: 'The business organisation that posted it.' }) org!: string;
  @Field() resourceType!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Int, { description: 'What is still uncommitted.' }) remaining!: number;
  @Field(() => Int, { description: 'How much of the committed quantity was delivered.' }) delivered!: number;
  @Field() unit!: string;
  @Field(() => LatLonType) location!: LatLonType;
  @Field({ nullable: true }) availableFrom?: string;
  @Field({ nullable: true }) availableUntil?: string;
  @Field({ description: 'available, partly-committed, committed, delivered, withdrawn or expired' }) status!: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true, description: 'The business itself, operators and admins only.' }) contact?: string;
  @Field() createdAt!: string;
  @Field({ description: 'When the business last posted or edited it.' }) confirmedAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('OfferPage')
export class OfferPageType {
  @Field(() => [OfferType]) items!: OfferType[];
  @Field({ description: 'The change id this snapshot is consistent with.' }) cursor!: string;
  @Field(() => Int) total!: number;
}

@ObjectType('OfferBatch', { description: 'The offers read from one EDXL-RM message.' })
export class OfferBatchType {
  @Field(() => [OfferType]) items!: OfferType[];
  @Field({ nullable: true, description: 'True when this MessageID was received before and nothing new was created.' }) resent?: boolean;
}

@InputType('NewOfferInput')
export class NewOfferInput {
  @Field() resourceType!: string;
  @Field(() => Int) quantity!: number;
  @Field({ nullable: true }) unit?: string;
  @Field(() => LatLonInput) location!: LatLonInput;
  @Field({ nullable: true }) availableFrom?: string;
  @Field({ nullable: true }) availableUntil?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true }) contact?: string;
}

@InputType('OfferPatchInput', { description: 'Fields to change; null clears an optional field.' })
export class OfferPatchInput {
  @Field(() => Int, { nullable: true }) quantity?: number;
  @Field(() => LatLonInput, { nullable: true }) location?: LatLonInput;
  @Field(() => String, { nullable: true }) availableFrom?: string | null;
  @Field(() => String, { nullable: true }) availableUntil?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) contact?: string | null;
}
