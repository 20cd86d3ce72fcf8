import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { regionIdParams } from '../../../shared/api/regions.js';
import { requireActor } from '../../auth/authenticate.js';
import { publicBaseUrlOf } from '../../http.js';
import { posterGridLimit, printResidentPosters } from './resident-poster.service.js';

export async function residentPosterRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;

  routes.get(
    '/regions/:id/resident-poster.pdf',
    {
      schema: {
        tags: ['regions'],
        summary:
          'The printable A4 QR-code poster (PDF) of a grid, or one page a grid for a village, town or county (at ' +
          `most ${posterGridLimit}: 400 too_many_grids): the code opens <PUBLIC_BASE_URL>/r/?grid=<grid code>, the ` +
          'page names the grid’s people and the service centre’s published phone. Needs resident.manage',
        params: regionIdParams,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await printResidentPosters(
        db,
        requireActor(request),
        request.params.id,
        publicBaseUrlOf(config, request),
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(content);
    },
  );
}
