import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Arbitrary JSON, for `Change.data`: the entity as the receiver may see it, shaped like the REST body. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
