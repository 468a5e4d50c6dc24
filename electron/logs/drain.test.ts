import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrainTree, templateMatches, templateText, WILDCARD } from './drain';
import { plainFormat } from './formats';
import { applyMasks, defaultMasks, tokenize } from './masks';
import { LogMiner } from './miner';

const words = (line: string) => line.split(' ');

describe('the Drain tree', () => {
  it('groups lines of one kind and turns the differing tokens into <*>', () => {
    const tree = new DrainTree();
    const a = tree.add(words('Deploy of api finished on node alpha'));
    const b = tree.add(words('Deploy of web finished on node beta'));
    expect(b.id).toBe(a.id);
    expect(templateText(b)).toBe('Deploy of <*> finished on node <*>');
    expect(b.count).toBe(2);
  });

  it('keeps lines of other lengths apart (first layer by token count)', () => {
    const tree = new DrainTree();
    expect(tree.add(words('Connection closed by peer')).id).not.toBe(tree.add(words('Connection closed by remote peer')).id);
  });

  it('joins at the similarity threshold and not just below it', () => {
    // Template "a b c d" against "a b x y": 2 of 4 tokens equal, a share of exactly 0.5.
    const at = new DrainTree({ similarity: 0.5 });
    expect(at.add(words('a b x y')).id).toBe(at.add(words('a b c d')).id);
    const above = new DrainTree({ similarity: 0.51 });
    expect(above.add(words('a b x y')).id).not.toBe(above.add(words('a b c d')).id);
  });

  it('lets the leading tokens choose the path: with more depth, lines that differ early never meet', () => {
    // depth 4 → one leading token chooses the leaf; depth 5 → two.
    const shallow = new DrainTree({ depth: 4, similarity: 0.5 });
    expect(shallow.add(words('job one started now ok')).id).toBe(shallow.add(words('job two started now ok')).id);
    const deep = new DrainTree({ depth: 5, similarity: 0.5 });
    expect(deep.add(words('job one started now ok')).id).not.toBe(deep.add(words('job two started now ok')).id);
  });

  it('sends leading tokens with digits to the <*> branch, so numbered lines still meet', () => {
    const tree = new DrainTree({ depth: 5 });
    expect(tree.add(words('worker7 ready for work')).id).toBe(tree.add(words('worker8 ready for work')).id);
  });

  it('sends tokens past the most children to the <*> branch', () => {
    const tree = new DrainTree({ depth: 4, maxChildren: 3, similarity: 0.5 });
    const ids = ['alpha', 'beta', 'gamma', 'delta'].map((first) => tree.add([first, 'is', 'up']).id);
    // alpha and beta get their own child; gamma and delta share the <*> child, where they meet.
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe(ids[3]);
  });

  it('refuses settings out of range in plain words', () => {
    expect(() => new DrainTree({ similarity: 1.5 })).toThrow('similarity threshold must be a number from 0 to 1');
    expect(() => new DrainTree({ depth: 2 })).toThrow('tree depth must be a whole number from 3 to 20');
  });
});

describe('masks', () => {
  const masked = (text: string) => applyMasks(text, defaultMasks);

  it('hide numbers, hex ids, UUIDs, IPv4 and IPv6 addresses with ports, paths, dates and times', () => {
    expect(masked('took 42 ms, exit -1, ratio 0.75')).toBe('took <*> ms, exit <*>, ratio <*>');
    expect(masked('commit 3f9a2b7c1d0e at 0xDEADBEEF')).toBe('commit <*> at <*>');
    expect(masked('request 0189c3a4-5b6d-7e8f-9a0b-1c2d3e4f5a6b done')).toBe('request <*> done');
    expect(masked('from 10.0.12.7:8443 to 192.168.1.1')).toBe('from <*> to <*>');
    expect(masked('bind [2001:db8::1]:443 and fe80::1ff:fe23:4567:890a and ::1')).toBe('bind <*> and <*> and <*>');
    expect(masked('wrote /var/lib/app/releases/r42/app.tar.gz')).toBe('wrote <*>');
    expect(masked('at 2026-12-01T23:06:45.123Z then 2026-12-01 and 23:06:45,5 and 12/01/2026')).toBe('at <*> then <*> and <*> and <*>');
  });

  it('leave words alone, numbers inside words too (the tree handles those)', () => {
    expect(masked('Error::Timeout in stage deploy2 of accepted build')).toBe('Error::Timeout in stage deploy2 of accepted build');
  });
});

describe('the miner on awkward lines', () => {
  const miner = () => new LogMiner(plainFormat);

  it('gives empty and blank lines one template of their own', () => {
    const m = miner();
    expect(m.add('').templateId).toBe(m.add('   ').templateId);
    expect(m.add('something else').templateId).not.toBe(m.add('').templateId);
  });

  it('mines unicode, a very long line and a line of 10k tokens', () => {
    const m = miner();
    expect(m.add('Déploiement terminé ✓ für 服务 api').templateId).toBe(m.add('Déploiement terminé ✓ für 服务 web').templateId);
    const long = `start ${'x'.repeat(50_000)} end`;
    expect(m.templates().length).toBe(1);
    m.add(long);
    const many = Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ');
    const id = m.add(many).templateId;
    expect(m.add(many.replace('t5 ', 'changed ')).templateId).toBe(id);
    expect(m.templates().find((t) => t.id === id)?.template.split(' ').length).toBe(10_000);
  });

  it('never throws, and every line gets a template that covers its masked message (property)', () => {
    const token = fc.oneof(fc.constantFrom('deploy', 'ERROR', 'ok', '42', '10.0.0.1:80', '<*>', 'é', ''), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
    const line = fc.array(token, { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 3, max: 7 }), (lines, similarity, depth) => {
        const m = new LogMiner(plainFormat, { similarity, depth });
        const ids = lines.map((text) => m.add(text).templateId);
        const byId = new Map(m.tree.groups.map((group) => [group.id, group.tokens]));
        lines.forEach((text, i) => {
          const tokens = tokenize(applyMasks(text, defaultMasks));
          expect(templateMatches(byId.get(ids[i]!)!, tokens)).toBe(true);
        });
        expect(m.templates().reduce((sum, t) => sum + t.count, 0)).toBe(lines.length);
      }),
    );
  });

  it('treats a literal <*> in a line as a wildcard token', () => {
    expect(tokenize(`a ${WILDCARD} b`)).toEqual(['a', WILDCARD, 'b']);
  });
});
