// Build the web UI into dist/: one bundled ES module (our code + uPlot), the page and styles.
// Run by scripts/build-ui (called from scripts/bootstrap); no CDN at run time, all assets local.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(root, "src", "main.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  outfile: join(dist, "app.js"),
  logLevel: "warning",
});
copyFileSync(join(root, "src", "index.html"), join(dist, "index.html"));
copyFileSync(join(root, "src", "styles.css"), join(dist, "styles.css"));
copyFileSync(join(root, "node_modules", "uplot", "dist", "uPlot.min.css"), join(dist, "uplot.css"));
console.log("dashboards built into", dist);
