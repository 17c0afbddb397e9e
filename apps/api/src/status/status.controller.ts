import { Body, Controller, Headers, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pickLanguage, type ApplicantView, type MessageLanguage } from '@cardtrail/card-lifecycle';
import { Public } from '../auth/auth.decorators';
import { ApiProblem } from '../common/api-problem.decorator';
import { ApiProblems, ApiZodBody, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation';
import { applicantViewSchema, statusLookupBodySchema, type StatusLookupBody } from './status.schemas';
import { StatusService } from './status.service';

const acceptLanguage = ApiHeader({ name: 'Accept-Language', required: false, description: 'nb (or no) for bokmål, nn for nynorsk; English otherwise' });

/**
 * Applicants: no login, they prove who they are with the card reference and their DUF number.
 * The client address is Fastify's `request.ip`: behind a reverse proxy the app must trust it
 * (`TRUST_PROXY`), or every applicant shares the proxy's address and its rate limit.
 */
@ApiTags('applicant')
@Public()
// Every operation reads or writes Postgres: its outage is a 503 with Retry-After.
@ApiProblems(503)
@Controller('status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "An applicant's view of their card",
    description:
      'Unknown reference and wrong DUF number get the same 404. Failed lookups are rate limited per client address (429 with Retry-After).',
  })
  @acceptLanguage
  @ApiZodBody(statusLookupBodySchema)
  @ApiZodResponse(applicantViewSchema, { description: 'Where the card is and what happens next; no personal data' })
  @ApiProblems(400, 404, 413, 415, 429)
  async lookUp(
    @Body(new ZodValidationPipe(statusLookupBodySchema)) body: StatusLookupBody,
    @Headers('accept-language') acceptLanguageHeader: string | undefined,
    @Ip() ip: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicantView> {
    const language = answerIn(res, acceptLanguageHeader);
    return this.status.status({ body, language, ip: ip ?? 'unknown' });
  }

  @Post('address-confirmation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The applicant confirms their postal address and name on the letter box',
    description: 'Records AddressConfirmed by the applicant (once per order) and answers the applicant view. Same proof, 404 and rate limit as the lookup.',
  })
  @acceptLanguage
  @ApiZodBody(statusLookupBodySchema)
  @ApiZodResponse(applicantViewSchema, { description: 'The applicant view, address confirmed' })
  @ApiProblems(400, 404, 413, 415, 429)
  @ApiProblem(409, 'The card case is cancelled: there is no address to confirm')
  async confirmAddress(
    @Body(new ZodValidationPipe(statusLookupBodySchema)) body: StatusLookupBody,
    @Headers('accept-language') acceptLanguageHeader: string | undefined,
    @Ip() ip: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicantView> {
    const language = answerIn(res, acceptLanguageHeader);
    return this.status.confirmAddress({ body, language, ip: ip ?? 'unknown' });
  }
}

function answerIn(res: FastifyReply, acceptLanguageHeader: string | undefined): MessageLanguage {
  const language = pickLanguage(acceptLanguageHeader);
  res.headers({ 'Content-Language': language, Vary: 'Accept-Language', 'Cache-Control': 'no-store' });
  return language;
}
