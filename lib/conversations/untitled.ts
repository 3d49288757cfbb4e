/**
 * Conversations still called "New chat" although a question was asked:
 * left so by versions before a new chat was named at once after its
 * question (or by a crash then). Opening one names it as a new chat is
 * named now: the first words of its first question.
 *
 * @module
 */
import { deriveTitle } from "../ai/mod.ts";
import { UNTITLED } from "../chat/mod.ts";
import type { ChatStore, ConversationWithMessages } from "../store/mod.ts";

/**
 * `data` with its conversation named after its first question when it is
 * still "New chat" (stored, so the sidebar shows it too); as it was
 * otherwise. A title the person set meanwhile is kept.
 */
export async function nameUntitled(
  store: ChatStore,
  data: ConversationWithMessages,
): Promise<ConversationWithMessages> {
  const { conversation, messages } = data;
  if (conversation.title !== UNTITLED) return data;
  const question = messages.find((m) => m.role === "user" && m.content.trim());
  const title = question ? deriveTitle(question.content) : UNTITLED;
  if (title === UNTITLED) return data;
  // Read again just before writing: a rename may have come in meanwhile.
  const now = await store.getConversation(conversation.id);
  if (now.title !== UNTITLED) return { ...data, conversation: now };
  // Quiet: opening an old chat does not move it up the list.
  const named = await store.updateConversation(conversation.id, { title }, {
    quiet: true,
  });
  return { ...data, conversation: named };
}
