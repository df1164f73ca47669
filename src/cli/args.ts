/** @file Option parsing for `lernwerk` subcommands on node's util.parseArgs: typed options, generated --help, clear errors for unknown flags. */
import { parseArgs } from "node:util";

/** One option of a subcommand. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  default?: string | boolean;
  /** Placeholder shown in --help, e.g. "DIR". */
  value?: string;
  description: string;
}

/** A subcommand: its name, one-line summary, options and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/** Thrown for bad command lines; main prints the message and the command's usage and exits 2. */
export class UsageError extends Error {}

/** The --help text of one subcommand. */
export function helpText(cmd: Command): string {
  const rows = Object.entries(cmd.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const def = o.default !== undefined && o.type === "string" ? ` (default: ${o.default})` : "";
    return `  ${flag.padEnd(28)} ${o.description}${def}`;
  });
  rows.push(`  ${"-h, --help".padEnd(28)} show this help`);
  return `${cmd.summary}\n\nUsage: ${cmd.usage}\n\nOptions:\n${rows.join("\n")}\n`;
}

/** Parses `argv` for `cmd` (strict: unknown flags and missing values are UsageErrors naming the flag). */
export function parseCommandArgs(cmd: Command, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[]; help: boolean } {
  const options: Record<string, { type: "string" | "boolean"; short?: string; default?: string | boolean }> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(cmd.options)) {
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    const help = values.help === true;
    delete values.help;
    return { values: values as Record<string, string | boolean | undefined>, positionals, help };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`lernwerk ${cmd.name}: ${msg}`);
  }
}

/** Parses a TCP port option: an integer 0..65535. */
export function parsePort(cmd: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`lernwerk ${cmd}: --port must be an integer 0..65535, got ${JSON.stringify(text)}`);
  return port;
}
