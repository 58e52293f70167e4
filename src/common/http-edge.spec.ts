import { Body, Controller, Get, Post, Query, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeApp } from './http-edge.testing.js';

/** What every route gets from applyHttpEdge, seen through a controller that echoes what reached it. */
@Controller('echo')
class EchoController {
  @Get()
  query(@Query() query: Record<string, unknown>): Record<string, unknown> {
    return { query };
  }

  @Post()
  body(@Body() body: unknown): unknown {
    return { body };
  }
}

describe('the HTTP edge (applyHttpEdge)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app } = await edgeApp({ controllers: [EchoController], providers: [], env: { CORS_ORIGINS: 'https://tableau.example.com', HTTP_BODY_LIMIT_MB: '1' } }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('parses query strings flat: brackets stay in the key, a repeated key is a list', async () => {
    expect((await http().get('/echo?a[b]=1&c=2&c=3').expect(200)).body.query).toEqual({ 'a[b]': '1', c: ['2', '3'] });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the query key %s with 400 naming it', async (key) => {
    expect((await http().get(`/echo?${key}=1`).expect(400)).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [`property ${key} should not exist`],
    });
  });

  it('refuses a reserved key anywhere in a JSON body, and leaves Object.prototype alone', async () => {
    const res = await http().post('/echo').set('content-type', 'application/json').send('{"a":{"b":{"__proto__":{"polluted":true}}}}').expect(400);
    expect(res.body).toEqual({ statusCode: 400, message: 'property __proto__ should not exist' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('answers 400 to JSON that does not parse and 413 to a body over HTTP_BODY_LIMIT_MB', async () => {
    expect((await http().post('/echo').set('content-type', 'application/json').send('{"a":').expect(400)).body).toMatchObject({ statusCode: 400 });
    expect(
      (
        await http()
          .post('/echo')
          .send({ pad: 'x'.repeat(1024 * 1024) })
          .expect(413)
      ).body,
    ).toEqual({
      statusCode: 413,
      message: 'request entity too large',
    });
  });

  it('parses JSON bodies only: another content type reaches the route unread', async () => {
    expect((await http().post('/echo').set('content-type', 'text/csv').send('id,title\n').expect(201)).body).toEqual({});
  });

  it('sends helmet headers and no X-Powered-By', async () => {
    const res = await http().get('/echo').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows the configured CORS origin and no other', async () => {
    const allowed = await http().get('/echo').set('origin', 'https://tableau.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://tableau.example.com');
    const other = await http().get('/echo').set('origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    expect((await http().get('/nowhere').expect(404)).body).toMatchObject({ statusCode: 404, message: 'Cannot GET /nowhere' });
  });
});
