import { assert, assertEquals } from "@std/assert";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { Attachments } from "../../components/chat/attachments_slot.tsx";

Deno.test("Attachments - a message's files drawn before their code arrived load it, then show (as the other rare parts of a message)", async () => {
  const draw = () =>
    renderToString(h(Attachments, {
      attachments: [{
        id: "0190a0b2-0000-7000-8000-000000000001",
        name: "notes.txt",
        mediaType: "text/plain",
        kind: "text",
        size: 17,
      }],
      conversationId: "0190a0b2-0000-7000-8000-000000000002",
    }));
  // Not loaded yet: the place the server's markup stays in.
  const first = draw();
  assert(!first.includes("notes.txt"), first);
  // Nothing else provides the code: drawing it asked for it. Once that
  // module has loaded (and the slot's own wait has ended), it shows.
  await import("../../components/chat/attachments.tsx");
  await new Promise((resolve) => setTimeout(resolve, 0));
  const drawn = draw();
  assertEquals(drawn.includes("notes.txt"), true, drawn);
});
