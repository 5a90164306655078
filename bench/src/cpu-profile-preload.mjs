// Preloaded into a server (`NODE_OPTIONS=--import …`; Node 20 refuses --cpu-prof there): SIGUSR2
// starts the V8 CPU profiler, and the profile is written to CPU_PROFILE_FILE when the process exits.
import { writeFileSync } from "node:fs";
import inspector from "node:inspector";

const file = process.env.CPU_PROFILE_FILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (running) return;
    running = true;
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 200 });
    session.post("Profiler.start");
  });
  // An in-process session answers synchronously, so this completes inside the exit handler.
  process.on("exit", () => {
    if (!running) return;
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
