/** @file The `lernwerk` command line: dispatches to subcommands (`ui` now; `serve`, `run` later), each with --help. */
import { type Command, UsageError, helpText, parseCommandArgs } from "./args.ts";
import { uiCommand } from "./ui.ts";

/** Every subcommand, by name. */
export const COMMANDS: Record<string, Command> = { ui: uiCommand };

function topHelp(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `lernwerk — deep learning and text mining for TypeScript\n\nUsage: lernwerk <command> [options]\n\nCommands:\n${rows.join("\n")}\n\nRun \`lernwerk <command> --help\` for a command's options.\n`;
}

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") { out(topHelp()); return name === undefined ? 2 : 0; }
  const cmd = COMMANDS[name];
  if (!cmd) { err(`lernwerk: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(", ")}\n`); return 2; }
  try {
    const { values, positionals, help } = parseCommandArgs(cmd, rest);
    if (help) { out(helpText(cmd)); return 0; }
    return await cmd.run(values, positionals);
  } catch (e) {
    if (e instanceof UsageError) { err(`${e.message}\n\n${helpText(cmd)}`); return 2; }
    throw e;
  }
}
