// Shoal's one ESLint config (flat), imported by the root eslint.config.js.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const NODE_BUILTINS = [
  "assert",
  "buffer",
  "child_process",
  "crypto",
  "dgram",
  "dns",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "net",
  "os",
  "path",
  "process",
  "readline",
  "stream",
  "timers",
  "tls",
  "url",
  "util",
  "worker_threads",
  "zlib",
];

/** An import boundary: `files` may not import `patterns`, with the reason in the message. */
function boundary(files, patterns, message, paths = []) {
  return { files, rules: { "no-restricted-imports": ["error", { paths: paths.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] }] } };
}

export const ignores = {
  ignores: [
    "**/node_modules/**",
    "**/.next/**",
    "**/dist/**",
    "**/build/**",
    "**/generated/**",
    "**/next-env.d.ts",
    ".cache/**",
    ".shoal/**",
    "e2e/test-results/**",
    "e2e/playwright-report/**",
    "lab/**/*.mjs",
    "**/*.cjs",
  ],
};

export default tseslint.config(
  ignores,
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ["prisma/*.ts", "packages/core/vitest.config.ts", "deploy/*.mts"] } } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Type-aware: the bugs that pass tsc (a promise nobody awaits or catches, an await on a
      // non-promise, a promise where a callback's boolean or void is expected).
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false, arguments: false } }],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // The tree asserts non-null where an index or a regexp group is known to exist; tsc's
      // noUncheckedIndexedAccess makes that the honest spelling.
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "no-empty": ["error", { allowEmptyCatch: true }],
      "no-control-regex": "off",
      // let-then-assign where a closure reads the variable before the assignment (run.ts)
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // flags the tree's "let x = 0" before a loop that always assigns; tsc's flow analysis covers the rest
      "no-useless-assignment": "off",
    },
  },
  {
    // Only the two classic hook rules; the React Compiler's rules would rewrite half the console.
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", fetch: "readonly" },
    },
  },
  // The boundaries (issue 15): core is pure, api and agent never reach into each other, the
  // console reaches the database only through api.
  // (core's tests may read their fixtures from disk; its sources may not.)
  boundary(["packages/core/src/**"], ["@shoal/*", "node:*"], "packages/core is the pure core: no I/O (no node: module) and nothing of the project", NODE_BUILTINS),
  boundary(
    ["packages/api/**"],
    ["@shoal/agent", "@shoal/agent/*"],
    "api and agent talk over the wire only (the messages are core's, packages/core/src/wire); tests of both live in packages/integration",
  ),
  boundary(
    ["packages/telemetry/**", "packages/db/**"],
    ["@shoal/api", "@shoal/api/*", "@shoal/agent", "@shoal/agent/*"],
    "db and telemetry sit below api and never reach the agent",
  ),
  boundary(
    ["packages/agent/**"],
    ["@shoal/api", "@shoal/api/*", "@shoal/db", "@shoal/db/*", "@shoal/telemetry", "@shoal/telemetry/*"],
    "the agent never imports the console (api, db): they talk over the wire only; tests of both live in packages/integration",
  ),
  boundary(["apps/console/**"], ["@shoal/db", "@shoal/db/*", "@shoal/agent", "@shoal/agent/*"], "the console reaches the database only through @shoal/api"),
);
