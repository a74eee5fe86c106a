import { Field, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

/** GraphQL mirrors of the shared `Alert` schema; tests/integration/alerts-graphql.test.ts fails when the two drift. */
@ObjectType('NameValue')
export class NameValueType {
  @Field() name!: string;
  @Field() value!: string;
}

@ObjectType('AlertArea')
export class AlertAreaType {
  @Field() desc!: string;
  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON Polygon, MultiPolygon or Point ([lon, lat]); null for a geocode-only area.' }) geometry!: unknown;
  @Field(() => [NameValueType]) geocodes!: NameValueType[];
}

@ObjectType('AlertReference')
export class AlertReferenceType {
  @Field() sender!: string;
  @Field() identifier!: string;
  @Field({ nullable: true }) sent?: string;
}

@ObjectType('AlertTranslation')
export class AlertTranslationType {
  @Field() language!: string;
  @Field() event!: string;
  @Field({ nullable: true }) headline?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true }) instruction?: string;
}

@ObjectType('AlertSource')
export class AlertSourceType {
  @Field(() => String, { nullable: true }) org!: string | null;
  @Field({ nullable: true }) feed?: string;
}

@ObjectType('Alert')
export class AlertType {
  @Field() id!: string;
  @Field() kind!: string;
  @Field(() => AlertSourceType) source!: AlertSourceType;
  @Field() sender!: string;
  @Field() identifier!: string;
  @Field() sent!: string;
  @Field({ description: 'CAP status: Actual, Exercise, System, Test or Draft.' }) status!: string;
  @Field() msgType!: string;
  @Field() scope!: string;
  @Field(() => [AlertReferenceType]) references!: AlertReferenceType[];
  @Field(() => [String]) codes!: string[];
  @Field({ nullable: true }) note?: string;
  @Field(() => [String]) categories!: string[];
  @Field() event!: string;
  @Field(() => [String]) responseTypes!: string[];
  @Field() urgency!: string;
  @Field() severity!: string;
  @Field() certainty!: string;
  @Field({ nullable: true }) senderName?: string;
  @Field({ nullable: true }) headline?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true }) instruction?: string;
  @Field({ nullable: true }) web?: string;
  @Field({ nullable: true }) effective?: string;
  @Field({ nullable: true }) onset?: string;
  @Field({ nullable: true }) expires?: string;
  @Field(() => [AlertAreaType]) areas!: AlertAreaType[];
  @Field(() => [NameValueType]) parameters!: NameValueType[];
  @Field(() => [NameValueType]) eventCodes!: NameValueType[];
  @Field(() => [String]) languages!: string[];
  @Field(() => [AlertTranslationType]) translations!: AlertTranslationType[];
  @Field({ description: 'active, cancelled, expired or superseded.' }) state!: string;
  @Field({ nullable: true, description: 'The Update or Cancel that ended this alert.' }) endedBy?: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field() receivedAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('AlertPage')
export class AlertPageType {
  @Field(() => [AlertType]) items!: AlertType[];
  @Field({ description: 'The change id this snapshot is consistent with.' }) cursor!: string;
  @Field(() => Int) total!: number;
}
