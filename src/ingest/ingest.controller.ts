import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags, type HeaderObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AdminOnly, ReadAccess } from '../common/api-key.guard.js';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { ApiAdminKeyResponses, ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { IngestService } from './ingest.service.js';
import { ListJobsQueryDto, StartIngestDto, UploadQueryDto, UUID_V4_PATTERN } from './dto/start-ingest.dto.js';
import { IngestJobView } from './dto/ingest-job.view.js';

const LOCATION: Record<string, HeaderObject> = { Location: { description: 'The job: /ingest/jobs/{id}.', required: true, schema: { type: 'string' } } };

const JobIdParam = () => ApiParam({ name: 'id', description: 'The job id (a UUID v4).', schema: { type: 'string', format: 'uuid', pattern: UUID_V4_PATTERN } });

const FILE_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json-lines', 'application/octet-stream', 'text/plain'];

@ApiTags('ingest')
@Controller('ingest')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start an ingest from TMDB; the job runs in the background.' })
  @ApiAcceptedResponse({ type: IngestJobView, description: 'Started; `Location` names the job.', headers: LOCATION })
  @ApiAdminKeyResponses()
  @ApiErrorResponses({
    409: 'An ingest of this source is already running (code JOB_CONFLICT; runningJobId names its job).',
    413: 'The JSON body is larger than HTTP_BODY_LIMIT_MB.',
    422: 'TMDB sources need TMDB_API_KEYS on the server (code TMDB_NOT_CONFIGURED).',
  })
  async start(@Body() body: StartIngestDto, @Res({ passthrough: true }) res: Response): Promise<IngestJobView> {
    const { source, ...options } = body;
    const job = await this.ingest.start(source, options, 'api');
    res.location(`/ingest/jobs/${job._id}`);
    return IngestJobView.of(job);
  }

  @Post('file')
  @AdminOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Upload a TMDB-shaped file (the TMDB 5000 CSV, or JSON Lines of /movie/{id} objects) as the request body and ingest it.' })
  @ApiConsumes(...FILE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: IngestJobView, description: 'Stored and started; `Location` names the job.', headers: LOCATION })
  @ApiAdminKeyResponses()
  @ApiErrorResponses({
    400: 'A query parameter is invalid, or the file is empty (code UPLOAD_EMPTY).',
    409: 'A file ingest is already running (code JOB_CONFLICT; runningJobId names its job).',
    413: 'The file is larger than INGEST_UPLOAD_LIMIT_MB (code UPLOAD_TOO_LARGE).',
    415: 'The Content-Type is not one of the file types listed (code UNSUPPORTED_MEDIA_TYPE).',
  })
  async upload(@Query() query: UploadQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<IngestJobView> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!FILE_TYPES.includes(type)) {
      throw new AppError(
        AppErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `send the file as the body with Content-Type ${FILE_TYPES.slice(0, 3).join(', ')} (got "${type || 'none'}")`,
      );
    }
    const format = query.format ?? (type === 'text/csv' ? 'csv' : type.includes('json') ? 'jsonl' : 'auto');
    const maxBytes = this.config.http.uploadLimitMb * 1024 * 1024;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new AppError(AppErrorCode.UPLOAD_TOO_LARGE, `upload is ${declared} bytes, more than ${maxBytes} (INGEST_UPLOAD_LIMIT_MB)`);
    }
    const job = await this.ingest.startFile(req, { format, name: query.name ?? 'upload', maxBytes }, 'api');
    res.location(`/ingest/jobs/${job._id}`);
    return IngestJobView.of(job);
  }

  @Get('jobs')
  @ReadAccess()
  @ApiOperation({ summary: 'Recent ingest jobs, newest first.' })
  @ApiOkResponse({ type: [IngestJobView] })
  @ApiReadKeyResponses()
  @ApiErrorResponses()
  async list(@Query() query: ListJobsQueryDto): Promise<IngestJobView[]> {
    return (await this.ingest.list(query.limit ?? 20, query.state)).map((job) => IngestJobView.of(job));
  }

  @Get('jobs/:id')
  @ReadAccess()
  @ApiOperation({ summary: 'One job: state, progress, timings, failures, last error.' })
  @JobIdParam()
  @ApiOkResponse({ type: IngestJobView })
  @ApiReadKeyResponses()
  @ApiErrorResponses({ 400: 'The id is not a UUID v4.', 404: 'No job has this id (code JOB_NOT_FOUND).' })
  async get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<IngestJobView> {
    return IngestJobView.of(await this.ingest.get(id));
  }

  @Post('jobs/:id/resume')
  @AdminOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run a failed or cancelled job again from its checkpoint.' })
  @JobIdParam()
  @ApiAcceptedResponse({ type: IngestJobView, description: 'Queued again; the job runs in the background.' })
  @ApiAdminKeyResponses()
  @ApiErrorResponses({
    400: 'The id is not a UUID v4.',
    404: 'No job has this id (code JOB_NOT_FOUND).',
    409: 'The job is not failed or cancelled, or is a file job whose upload is gone (code JOB_NOT_RESUMABLE); or its source is running another job (code JOB_CONFLICT).',
    422: 'A TMDB job cannot run without TMDB_API_KEYS on the server (code TMDB_NOT_CONFIGURED).',
  })
  async resume(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<IngestJobView> {
    return IngestJobView.of(await this.ingest.resume(id));
  }

  @Post('jobs/:id/cancel')
  @AdminOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask a queued or running job to stop after its current batch.' })
  @JobIdParam()
  @ApiAcceptedResponse({ type: IngestJobView, description: 'Asked to stop; cancelRequested is set.' })
  @ApiAdminKeyResponses()
  @ApiErrorResponses({
    400: 'The id is not a UUID v4.',
    404: 'No job has this id (code JOB_NOT_FOUND).',
    409: 'The job is neither queued nor running (code JOB_NOT_CANCELLABLE).',
  })
  async cancel(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<IngestJobView> {
    return IngestJobView.of(await this.ingest.cancel(id));
  }
}
