import { Controller, Get, NotFoundException, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dashboardPolicy, wdcPolicy } from './content-security-policy.js';
import { WebAssets } from './web-assets.js';

/** The dashboard, the Tableau Web Data Connector page, and the files they load. */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly assets: WebAssets) {}

  @Get()
  @Redirect('/dashboard', 302)
  home(): void {}

  @Get('dashboard')
  dashboard(@Res() res: Response): void {
    sendPage(res, this.assets.page('dashboard'), dashboardPolicy());
  }

  @Get('wdc')
  wdc(@Res() res: Response): void {
    sendPage(res, this.assets.page('wdc'), wdcPolicy(this.assets.wdcLibraryUrl));
  }

  @Get('web/:folder/:name')
  file(@Param('folder') folder: string, @Param('name') name: string, @Res() res: Response): void {
    const file = this.assets.file(`${folder}/${name}`);
    if (!file) throw new NotFoundException(`no web file ${folder}/${name}`);
    res.type(file.contentType).set('Cache-Control', file.cacheControl).send(file.body);
  }
}

function sendPage(res: Response, html: string, policy: string): void {
  res.type('text/html; charset=utf-8').set({ 'Content-Security-Policy': policy, 'Cache-Control': 'no-cache' }).send(html);
}
