import { chmod, readFile, rm } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * Bundles the two programs baton starts most often, the CLI (`dist/cli/main.js`) and the
 * hooks' entry (`dist/cli/hook-main.js`), over the tsc build: resolving, loading and
 * linking some 200 small modules and the dependencies' own was most of a warm `baton
 * sessions` and of a hook's start. What the code imports lazily (a command, an agent's
 * integration, the MCP SDK) becomes a chunk in `dist/chunks/`, loaded on first use as
 * before. The library (`dist/index.js`) and the OpenCode plugin stay tsc's modules.
 *
 * `import.meta.url` keeps its meaning in the bundle: each module's is the URL of its own
 * tsc-built file (`dist/<area>/<file>.js`), so paths made from it (the package root, a
 * reader's module for the worker thread) are those of the unbundled build. This holds
 * because the entries and the chunks sit two folders below the package root, as every
 * source module does.
 *
 *   node scripts/bundle-cli.ts [OUT_DIR]   (default: dist, after `tsc -p tsconfig.build.json`)
 */
const ROOT = resolve(import.meta.dirname, "..");
const SRC = resolve(ROOT, "src");
const ENTRIES = ["cli/main.ts", "cli/hook-main.ts"];

/** Every entry sits two folders below the package root, as every source module does. */
const keepModuleUrls: Plugin = {
  name: "keep-module-urls",
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
      const built = relative(SRC, args.path).replace(/\.ts$/, ".js");
      const url = `new URL(${JSON.stringify(`../${built}`)}, import.meta.url).href`;
      return { contents: text.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

export async function bundleCli(outDir: string): Promise<void> {
  // Chunks are named by their content's hash: those of an earlier build would pile up.
  await rm(resolve(outDir, "chunks"), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES.map((entry) => resolve(SRC, entry)),
    outbase: SRC,
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    plugins: [keepModuleUrls],
    // What the code imports lazily becomes a chunk of its own, loaded on first use.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    // Smaller files parse faster; names are kept so that stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    // The CommonJS dependencies call require() (of node:process, …), which an ES module
    // has only when it makes one.
    banner: {
      js: 'import { createRequire as __batonCreateRequire } from "node:module"; const require = __batonCreateRequire(import.meta.url);',
    },
    legalComments: "none",
  });
  if (result.errors.length > 0 || result.warnings.length > 0) {
    throw new Error(
      `bundling the CLI: ${result.errors.length} errors, ${result.warnings.length} warnings`,
    );
  }
  // esbuild marks a new file with a hashbang executable, but writes over tsc's output of the
  // same name (mode 644) without changing its mode: `npx baton` in a fresh clone, whose npx
  // cache already links the bin, then met "Permission denied".
  for (const entry of ENTRIES) {
    await chmod(resolve(outDir, entry.replace(/\.ts$/, ".js")), 0o755);
  }
}

if (import.meta.main) {
  await bundleCli(resolve(ROOT, process.argv[2] ?? "dist"));
}
