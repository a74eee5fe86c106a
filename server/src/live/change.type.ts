import { Field, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('Change', { description: 'One entry of the change feed, as the receiver may see it.' })
export class ChangeType {
  @Field({ description: 'The stream entry id, "<ms>-<seq>", strictly increasing.' }) id!: string;
  @Field() entity!: string;
  @Field({ description: '"upsert" or "remove"' }) op!: string;
  @Field(() => JSONScalar) data!: unknown;
}
