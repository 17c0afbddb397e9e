import { Body, Controller, Get, Module, Post, type Type } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../../apps/api/src/auth/auth.decorators';
import { ZodValidationPipe } from '../../apps/api/src/common/zod-validation';

/**
 * Test-only public routes for the HTTP platform's own behaviour, mounted under `/v1/probe`:
 * `POST echo` answers 201 with the body it was sent (parsed by `echo`, any JSON by default), and
 * `GET boom` fails with an unexpected error saying `failure`.
 */
export function probeRoutes(options: { echo?: z.ZodType; failure: string }): Type {
  const pipe = new ZodValidationPipe(options.echo ?? z.unknown());

  @Public()
  @Controller('probe')
  class ProbeController {
    @Post('echo')
    echo(@Body(pipe) body: unknown): unknown {
      return body;
    }

    @Get('boom')
    boom(): never {
      throw new Error(options.failure);
    }
  }

  @Module({ controllers: [ProbeController] })
  class ProbeModule {}

  return ProbeModule;
}
