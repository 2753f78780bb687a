/**
 * Matches the tree as written: double quotes, semicolons, trailing commas, 2 spaces, and long
 * lines (the code keeps one statement per line up to ~180 columns rather than wrapping).
 * @type {import("prettier").Config}
 */
export default {
  printWidth: 180,
  tabWidth: 2,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
};
