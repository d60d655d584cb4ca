import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const DOCS_PATH = 'docs';

/** The OpenAPI description: UI at /docs, JSON at /docs-json, bearer auth declared. */
export function setupOpenApi(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hisob API')
    .setDescription(
      'Case-mix (KZG) pricing, registries and claims. Authenticate with `Authorization: Bearer <token>` ' +
        '(tokens are made with `hisob tokens create`). Errors: `{ error: { code, message, details? }, requestId }`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token (hsb_…)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json`, customSiteTitle: 'Hisob API' });
  return document;
}
