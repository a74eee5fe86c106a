import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';

/** GraphQL mirrors of the shared zod schemas; reports.graphql.spec.ts fails when the two drift. */
@ObjectType('LatLon')
export class LatLonType {
  @Field(() => Float) lat!: number;
  @Field(() => Float) lon!: number;
}

@InputType('LatLonInput')
export class LatLonInput {
  @Field(() => Float) lat!: number;
  @Field(() => Float) lon!: number;
}

@ObjectType('ReportDecider')
export class ReportDeciderType {
  @Field(() => String, { nullable: true }) tokenId!: string | null;
  @Field(() => String, { nullable: true }) org!: string | null;
}

@ObjectType('ReportDecision')
export class ReportDecisionType {
  @Field() at!: string;
  @Field(() => ReportDeciderType, { nullable: true, description: 'Operators and admins only.' }) by?: ReportDeciderType;
  @Field({ nullable: true }) reason?: string;
  @Field({ nullable: true }) duplicateOf?: string;
}

@ObjectType('Report')
export class ReportType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field() category!: string;
  @Field() hazard!: string;
  @Field() description!: string;
  @Field(() => LatLonType) location!: LatLonType;
  @Field({ nullable: true }) occurredAt?: string;
  @Field() receivedAt!: string;
  @Field() status!: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field({ nullable: true, description: 'Operators and admins only.' }) contact?: string;
  @Field(() => ReportDecisionType, { nullable: true }) decision?: ReportDecisionType;
  @Field() updatedAt!: string;
}

@ObjectType('ReportPage')
export class ReportPageType {
  @Field(() => [ReportType]) items!: ReportType[];
  @Field({ description: 'The change id this snapshot is consistent with.' }) cursor!: string;
  @Field(() => Int) total!: number;
}

@InputType('NewReportInput')
export class NewReportInput {
  @Field() category!: string;
  @Field() description!: string;
  @Field(() => LatLonInput) location!: LatLonInput;
  @Field({ nullable: true }) occurredAt?: string;
  @Field({ nullable: true }) contact?: string;
}

@ObjectType('SubmittedReport')
export class SubmittedReportType {
  @Field() id!: string;
  @Field() status!: string;
}
