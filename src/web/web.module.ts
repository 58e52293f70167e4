import { Module } from '@nestjs/common';
import { WebAssets } from './web-assets.js';
import { WebController } from './web.controller.js';

/** Pages for people and for Tableau; they read the analytics API over HTTP like any client. */
@Module({
  controllers: [WebController],
  providers: [WebAssets],
})
export class WebModule {}
