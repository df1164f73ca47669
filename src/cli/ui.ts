/** @file `lernwerk ui`: opens a tracking store and serves the dashboard and REST API on it until Ctrl-C. */
import { type Command, UsageError, parsePort } from "./args.ts";
import { TrackingStore } from "../track/store.ts";
import { createTrackingServer, isLoopbackHost } from "../track/server/index.ts";

export const uiCommand: Command = {
  name: "ui",
  summary: "Start the tracking dashboard (runs, charts, compare, registry) and its REST API",
  usage: "lernwerk ui [--store DIR] [--host 127.0.0.1] [--port 5000]",
  options: {
    store: { type: "string", value: "DIR", description: "tracking store: a folder or sqlite:///abs/path.db (default: $LERNWERK_TRACKING_URI, else ./lwruns)" },
    host: { type: "string", value: "HOST", default: "127.0.0.1", description: "address to bind; anything but loopback exposes your runs to the network" },
    port: { type: "string", value: "PORT", default: "5000", description: "TCP port (0 picks a free one)" },
  },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`lernwerk ui: unexpected argument ${JSON.stringify(positionals[0])}`);
    const host = String(values.host);
    const port = parsePort("ui", String(values.port));
    if (!isLoopbackHost(host)) {
      process.stderr.write(`lernwerk ui: WARNING: binding to ${host} makes the dashboard and its unauthenticated REST API (which can write runs) reachable from other machines.\n`);
    }
    const store = TrackingStore.open(typeof values.store === "string" ? values.store : undefined);
    const server = await createTrackingServer({ store, host, port });
    process.stdout.write(`lernwerk ui: store ${store.root}\nlernwerk ui: dashboard at ${server.url}/  (API docs: ${server.url}/api/openapi.json; Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); resolve(); };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await server.close();
    store.close();
    return 0;
  },
};
