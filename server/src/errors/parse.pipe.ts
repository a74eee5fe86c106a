import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from './app-error.js';

/** Validates with a shared zod schema, naming every bad field in the contract's error body. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, root = ''): z.output<S> {
  if (value === undefined || value === null) throw AppError.invalid([{ path: root, message: 'a JSON body is required' }]);
  const res = schema.safeParse(value);
  if (!res.success) throw AppError.fromZod(res.error, root);
  return res.data;
}

/** `@Body(parse(NewOffer))`: the pipe form of `validate`. */
export function parse<S extends z.ZodType>(schema: S, root = ''): PipeTransform<unknown, z.output<S>> {
  return { transform: (value: unknown) => validate(schema, value, root) };
}
