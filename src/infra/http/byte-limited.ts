import { ApiException, HttpErrorCode } from './api-exception';
import { formatBytes } from './json-body';

/** The chunks of a streamed body, failing with 413 once more than `maxBytes` arrived. */
export async function* byteLimited(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    if (size > maxBytes) {
      throw new ApiException(
        413,
        HttpErrorCode.PAYLOAD_TOO_LARGE,
        `the body is larger than the ${formatBytes(maxBytes)} accepted`,
      );
    }
    yield bytes;
  }
}
