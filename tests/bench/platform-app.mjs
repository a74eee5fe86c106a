/**
 * The tiny Nest app that platform.bench.mjs measures, once on Express and once on Fastify.
 *
 *   node tests/bench/platform-app.mjs express|fastify      (PORT from the environment)
 *
 * The same module, controller and zod validation on both platforms; no Redis, no guards, no
 * logging. Plain JavaScript, so the decorators are applied by hand, exactly as TypeScript's
 * `experimentalDecorators` output would apply them:
 *
 *   @Module({ controllers: [ReportsController] }) class AppModule {}
 *   @Controller('api/reports') class ReportsController {
 *     @Post() @HttpCode(201) submit(@Body() body: unknown) { … }
 *   }
 *
 * Prints `READY <port>` once listening on 127.0.0.1.
 */
import 'reflect-metadata';
import { BadRequestException, Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';

const NewReport = z.object({
  category: z.string(),
  description: z.string().min(1).max(2000),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
});

class ReportsController {
  submit(body) {
    const parsed = NewReport.safeParse(body);
    if (!parsed.success) throw new BadRequestException({ error: 'invalid_input', issues: parsed.error.issues.length });
    return { ok: true };
  }
}

// @Post() @HttpCode(201) on submit, @Body() on its parameter 0, @Controller on the class.
const submit = Object.getOwnPropertyDescriptor(ReportsController.prototype, 'submit');
HttpCode(201)(ReportsController.prototype, 'submit', submit);
Post()(ReportsController.prototype, 'submit', submit);
Body()(ReportsController.prototype, 'submit', 0);
Controller('api/reports')(ReportsController);

class AppModule {}
Module({ controllers: [ReportsController] })(AppModule);

async function createAdapter(platform) {
  if (platform === 'express') {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    return new ExpressAdapter();
  }
  if (platform === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    return new FastifyAdapter();
  }
  throw new Error(`platform must be express or fastify, not ${platform}`);
}

const platform = process.argv[2];
const port = Number(process.env.PORT ?? 0);
const app = await NestFactory.create(AppModule, await createAdapter(platform), { logger: ['error', 'warn'] });
app.enableShutdownHooks();
await app.listen(port, '127.0.0.1');
const address = app.getHttpServer().address();
console.log(`READY ${address.port}`);
