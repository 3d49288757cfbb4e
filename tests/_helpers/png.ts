/**
 * A real image for upload tests: a 40 × 30 PNG (100 bytes).
 *
 * @module
 */

/** A 40 × 30 PNG, solid blue. */
export const PNG_40X30 = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAAK0lEQVR42u3NMQ0AAAgDsElCItKQhgw4mvRvqudExGKxWCwWi8VisVj8N14yyL1bUZgPIQAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);
