import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePackText } from '../../electron/rules/pack-file';
import { DEFAULT_PACK_ID, defaultPackSource } from '../../electron/rules/packs';
import { refusedLine, withPackId } from '../../renderer/src/screens/library/packText';

// The rule pack editor's text, on the shipped pack: the copy it edits names the pack (so it saves
// as the next version, not a new pack), and a refusal's line is the one the parser names.

const root = path.resolve(import.meta.dirname, '..', '..');
const refusal = (text: string): string => {
  try {
    parsePackText(text, 'rules.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('The text was accepted.');
};

describe('rule pack editor text', () => {
  it('names the shipped pack in the copy it edits, once, and leaves a text that names a pack alone', () => {
    const source = defaultPackSource(root);
    expect(parsePackText(source, 'default-pack.yaml').id).toBeUndefined();
    const edited = withPackId(source, DEFAULT_PACK_ID);
    expect(parsePackText(edited, 'rules.yaml').id).toBe(DEFAULT_PACK_ID);
    expect(withPackId(edited, DEFAULT_PACK_ID)).toBe(edited);
    expect(edited.split('\n').length).toBe(source.split('\n').length + 1);
  });

  it('reads the line of a refusal from the parser, for a bad value and for broken YAML', () => {
    const lines = withPackId(defaultPackSource(root), DEFAULT_PACK_ID).split('\n');
    const at = lines.findIndex((l) => l.includes('severity: major'));
    const badValue = refusal(lines.map((l, i) => (i === at ? l.replace('major', 'urgent') : l)).join('\n'));
    expect(refusedLine(badValue)).toBe(at + 1);
    const broken = refusal('schema: release-audit/rule-pack@1\nname: x\nrules:\n  - id: [unclosed\n');
    expect(refusedLine(broken)).toBeGreaterThan(3);
    expect(refusedLine('Pipeline 3 failed: no line named here.')).toBeNull();
  });
});
