/**
 * Conversations for the sidebar tests, built with only the fields that
 * matter to a test given.
 *
 * @module
 */
import type { Conversation } from "../../lib/store/types.ts";

let counter = 0;

/** A conversation updated at `updatedAt`; other fields overridable. */
export function conversation(
  updatedAt: string,
  fields: Partial<Conversation> = {},
): Conversation {
  counter++;
  const id = fields.id ??
    `0190a1b2-c3d4-7e5f-8a9b-${counter.toString(16).padStart(12, "0")}`;
  return {
    id,
    title: `Chat ${counter}`,
    createdAt: updatedAt,
    updatedAt,
    pinned: false,
    model: null,
    systemPrompt: "",
    temperature: null,
    leafId: null,
    damaged: null,
    ...fields,
  };
}
