/**
 * Response compression for the app (the build's precompressed assets are
 * served by `staticFiles()`).
 *
 * @module
 */
export { compression, compressResponse } from "./compress_response.ts";
