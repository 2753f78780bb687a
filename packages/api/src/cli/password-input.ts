import { createInterface } from "node:readline";

/** Reads a password without echoing it (TTY), or the first line of stdin (scripts, CI). */
export async function readPassword(prompt: string, confirm: boolean): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new Error("no password on standard input");
  }
  const first = await askHidden(prompt);
  if (confirm && (await askHidden("again: ")) !== first) throw new Error("the two passwords differ");
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Mute echo: readline writes typed characters through _writeToOutput.
    const r = rl as unknown as { _writeToOutput(s: string): void; output: NodeJS.WriteStream };
    let muted = false;
    r._writeToOutput = (s: string) => {
      if (!muted || s.includes("\n")) r.output.write(muted ? "\n" : s);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
  });
}
