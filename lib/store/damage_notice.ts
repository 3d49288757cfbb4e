/**
 * What the page tells a person about damaged files: which file, which
 * line, that nothing else was lost, and what to do. Built from the store's
 * problem reports so the banner says the same as the server log.
 *
 * @module
 */
import type { DamageNotice, StoreProblem } from "./types.ts";

/**
 * Notices for the page showing conversation `openId` (or none): damage to
 * the conversations index, and to that conversation's files.
 */
export function damageNotices(
  problems: StoreProblem[],
  openId: string | null,
): DamageNotice[] {
  const kept = problems.find((p) =>
    p.kind === "recovered" && p.conversationId === null &&
    p.file.startsWith("conversations.csv")
  );
  const copy = kept?.message.match(/kept in (\S+)$/)?.[1];
  return problems
    .filter((p) =>
      p.kind === "damaged" &&
      (p.conversationId === null || p.conversationId === openId)
    )
    .map((p) => {
      const reason = p.message.replace(/^Line \d+ of [^:]+: /, "");
      const fix = `To repair it, open ${p.file} in a text editor, correct ` +
        `${p.line ? `line ${p.line}` : "it"} and reload this page.`;
      const advice = p.conversationId === null
        ? "Every other conversation is still here" +
          (copy ? `, and the file as it was is kept in ${copy}` : "") +
          `. ${fix}`
        : "The row is shown as a placeholder where it was; every other " +
          `message is here and the file is not rewritten. ${fix}`;
      return { file: p.file, line: p.line, reason, advice };
    });
}
