import { mkdir, open, rename, unlink, readFile } from "node:fs/promises";
import { dirname, basename, join } from "node:path";

/**
 * Writes a file so that a crash (kill -9, power loss) leaves either the old or the new
 * content, never half of one: write a temp file beside it, fsync, rename over, fsync the dir.
 * Mode 0600 by default: the state dir holds the cluster and, for the token, a secret.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, "w", mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode); // open()'s mode is masked by the umask
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  const d = await open(dir, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Parsed JSON of a file, or undefined when it does not exist. Other errors propagate. */
export async function readJsonIfExists(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
