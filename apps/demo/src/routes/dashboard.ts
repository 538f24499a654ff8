import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { type DashboardFiles, findDashboardFiles } from '../dashboard-files';

/** The chart library's files the page loads, served from the installed package. */
const VENDOR_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'] as const;

/** Where the files come from; found beside the package unless given. */
export interface DashboardOptions {
  readonly files?: DashboardFiles;
}

/**
 * `GET /` (the dashboard page), its script and styles, and `GET /vendor/<file>` for uPlot. All
 * served from this machine, never a CDN, so the page works offline. Only the files that exist
 * at start get a route (no wildcard), so any other path is the API's ordinary 404.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const files = options.files ?? findDashboardFiles();
  await app.register(fastifyStatic, { root: files.page, wildcard: false, index: 'index.html' });
  for (const file of VENDOR_FILES) {
    app.get(`/vendor/${file}`, (_request, reply) => reply.sendFile(file, files.uplot));
  }
};
