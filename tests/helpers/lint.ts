import { ESLint } from 'eslint';
import { sourceRoot } from '../../electron/paths';

// Lints planted source text with the repository's real ESLint config, as if it were the file named.

const eslint = new ESLint({ cwd: sourceRoot });

/** The messages one rule gives for `code` placed at `filePath` (relative to the repository root). */
export async function lintMessages(ruleId: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
