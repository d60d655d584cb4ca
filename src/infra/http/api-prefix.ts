/** Every endpoint but /health and /docs lives under this prefix. */
export const API_PREFIX = 'api/v1';
