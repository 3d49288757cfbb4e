/**
 * Shared pieces of the store tests: temp data folders, a seeded random
 * source and file-system call counting.
 *
 * @module
 */
import { type CsvStore, openCsvStore } from "../../lib/store/mod.ts";

/** A store on a fresh temp folder, with the problems it logged. */
export interface TempStore {
  store: CsvStore;
  dir: string;
  logs: string[];
  reopen(): Promise<CsvStore>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Open a store on a new temp folder; dispose closes it and removes it. */
export async function tempStore(): Promise<TempStore> {
  const dir = await Deno.makeTempDir({ prefix: "store_test_" });
  const logs: string[] = [];
  const open = () => openCsvStore({ dataDir: dir, log: (m) => logs.push(m) });
  const temp: TempStore = {
    store: await open(),
    dir,
    logs,
    async reopen() {
      await temp.store.close();
      temp.store = await open();
      return temp.store;
    },
    async [Symbol.asyncDispose]() {
      await temp.store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return temp;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "plain words ",
  ",",
  '"',
  '""',
  "\n",
  "\r\n",
  "\r",
  "\t",
  " ",
  "😀",
  "👩‍👩‍👧",
  "مرحبا بالعالم",
  "שלום",
  "日本語のテキスト",
  "=SUM(A1:A9)",
  "+1",
  "-2",
  "@cmd",
  "'quoted'",
  "\\",
  "ünïcödé",
  "\u200b",
  "#",
  ";",
];

/** A random text built from CSV-hostile pieces; sometimes long. */
export function randomText(random: () => number): string {
  const long = random() < 0.05;
  const count = long ? 2000 + Math.floor(random() * 3000) : Math.floor(
    random() * 30,
  );
  let text = "";
  for (let i = 0; i < count; i++) {
    text += PIECES[Math.floor(random() * PIECES.length)];
  }
  if (random() < 0.2) text = "=" + text;
  return text;
}

/** The text the store keeps for `text`: CR and CRLF become LF. */
export function stored(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

const FS_CALLS = [
  "open",
  "openSync",
  "stat",
  "statSync",
  "lstat",
  "readFile",
  "readTextFile",
  "writeFile",
  "writeTextFile",
  "mkdir",
  "remove",
  "rename",
  "readDir",
  "realPath",
  "truncate",
  "copyFile",
] as const;

/**
 * Run `task` while counting calls to Deno's file-system functions; returns
 * the names of the functions called, in order.
 */
export async function fsCallsDuring(
  task: () => Promise<unknown>,
): Promise<string[]> {
  const calls: string[] = [];
  const deno = Deno as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  for (const name of FS_CALLS) {
    const original = deno[name] as (...args: unknown[]) => unknown;
    originals.set(name, original);
    deno[name] = (...args: unknown[]) => {
      calls.push(`${name}(${String(args[0])})`);
      return original.apply(Deno, args);
    };
  }
  try {
    await task().catch(() => {});
  } finally {
    for (const [name, original] of originals) deno[name] = original;
  }
  return calls;
}

/** Every file path under `dir`, relative, sorted. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, prefix: string) => {
    for await (const item of Deno.readDir(path)) {
      const rel = prefix + item.name;
      out.push(rel);
      if (item.isDirectory) await walk(`${path}/${item.name}`, rel + "/");
    }
  };
  await walk(dir, "");
  return out.sort();
}

/**
 * A command that runs `script` (a file next to the temp folder `dir`) with
 * this project's configuration, `dir` as its argument: a second process on
 * the same data folder.
 */
export function childProcess(
  script: string,
  dir: string,
  stderr: "piped" | "inherit",
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      new URL("../../deno.json", import.meta.url).pathname,
      script,
      dir,
    ],
    stdout: "piped",
    stderr,
  });
}
