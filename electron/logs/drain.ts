// A log-template miner in the manner of Drain (He, Zhu, Zheng, Lyu: "Drain: An Online Log Parsing
// Approach with Fixed Depth Tree", ICWS 2017), written for this app. Each message (the part of a
// line after its header, with variable parts already masked to <*>) walks a tree of fixed depth:
// the first layer by token count, then one layer per leading token, and a leaf holding log groups.
// In the leaf the group whose template shares the largest share of tokens with the message takes it
// when that share reaches the similarity threshold; its template then turns every differing token
// into <*>. Otherwise the message starts a new group. One pass, memory bounded by the groups.

export const WILDCARD = '<*>';

export interface DrainOptions {
  /** Similarity threshold st (0–1): the share of equal tokens a message needs to join a group. */
  similarity: number;
  /**
   * Depth of every leaf, counting the root, the token-count layer and the leaf layer as the paper's
   * figure does: `depth − 3` leading tokens choose the path (4 gives one; at least 3).
   */
  depth: number;
  /** Most children of an inner node before further tokens share its <*> child. */
  maxChildren: number;
}

export const defaultDrainOptions: DrainOptions = { similarity: 0.5, depth: 4, maxChildren: 100 };

export interface LogGroup {
  /** 1, 2, … in the order the groups were found; never renumbered. */
  readonly id: number;
  tokens: string[];
  count: number;
}

interface Inner {
  children: Map<string, Inner>;
  groups: LogGroup[];
}

const newNode = (): Inner => ({ children: new Map(), groups: [] });
const hasDigit = (token: string): boolean => /\d/.test(token);

export function checkDrainOptions(options: DrainOptions): void {
  const { similarity, depth, maxChildren } = options;
  if (!(similarity >= 0 && similarity <= 1)) throw new RangeError('The similarity threshold must be a number from 0 to 1.');
  if (!Number.isInteger(depth) || depth < 3 || depth > 20) throw new RangeError('The tree depth must be a whole number from 3 to 20.');
  if (!Number.isInteger(maxChildren) || maxChildren < 2) throw new RangeError('The most children of a node must be a whole number of at least 2.');
}

/** Share of positions where the template holds the message's token (<*> positions do not count), and how many <*> it has. */
function similarity(template: string[], tokens: string[]): { share: number; wildcards: number } {
  let same = 0;
  let wildcards = 0;
  for (let i = 0; i < template.length; i += 1) {
    if (template[i] === WILDCARD) wildcards += 1;
    else if (template[i] === tokens[i]) same += 1;
  }
  return { share: template.length === 0 ? 1 : same / template.length, wildcards };
}

export class DrainTree {
  private readonly root = new Map<number, Inner>();
  private readonly found: LogGroup[] = [];
  readonly options: DrainOptions;

  constructor(options: Partial<DrainOptions> = {}) {
    this.options = { ...defaultDrainOptions, ...options };
    checkDrainOptions(this.options);
  }

  get groups(): readonly LogGroup[] {
    return this.found;
  }

  /** Puts one tokenised message in its group (found or new) and returns the group. */
  add(tokens: string[]): LogGroup {
    const leaf = this.leaf(tokens);
    const group = this.bestMatch(leaf.groups, tokens);
    if (group) {
      for (let i = 0; i < tokens.length; i += 1) if (group.tokens[i] !== tokens[i]) group.tokens[i] = WILDCARD;
      group.count += 1;
      return group;
    }
    const created: LogGroup = { id: this.found.length + 1, tokens: [...tokens], count: 1 };
    this.found.push(created);
    leaf.groups.push(created);
    return created;
  }

  /** The group a message would join, without changing anything (null when it would start a new one). */
  match(tokens: string[]): LogGroup | null {
    const layer = this.root.get(tokens.length);
    if (!layer) return null;
    let node = layer;
    for (const token of this.prefix(tokens)) {
      const next = node.children.get(token) ?? node.children.get(WILDCARD);
      if (!next) return null;
      node = next;
    }
    return this.bestMatch(node.groups, tokens);
  }

  private prefix(tokens: string[]): string[] {
    return tokens.slice(0, Math.min(this.options.depth - 3, tokens.length));
  }

  /** The leaf for a message, making the path as Drain does: tokens with digits and overflow go to <*>. */
  private leaf(tokens: string[]): Inner {
    let node: Inner = this.root.get(tokens.length) ?? newNode();
    this.root.set(tokens.length, node);
    const { maxChildren } = this.options;
    for (const token of this.prefix(tokens)) {
      const known: Inner | undefined = node.children.get(token);
      if (known) {
        node = known;
        continue;
      }
      const wildcard = node.children.get(WILDCARD);
      let key: string;
      if (hasDigit(token)) key = WILDCARD;
      else if (wildcard) key = node.children.size < maxChildren ? token : WILDCARD;
      else key = node.children.size + 1 < maxChildren ? token : WILDCARD;
      let next = node.children.get(key);
      if (!next) node.children.set(key, (next = newNode()));
      node = next;
    }
    return node;
  }

  private bestMatch(groups: LogGroup[], tokens: string[]): LogGroup | null {
    let best: LogGroup | null = null;
    let bestShare = -1;
    let bestWildcards = -1;
    for (const group of groups) {
      const { share, wildcards } = similarity(group.tokens, tokens);
      if (share > bestShare || (share === bestShare && wildcards > bestWildcards)) {
        best = group;
        bestShare = share;
        bestWildcards = wildcards;
      }
    }
    return best && bestShare >= this.options.similarity ? best : null;
  }
}

/** A template as text: its tokens joined by one space. */
export const templateText = (group: Pick<LogGroup, 'tokens'>): string => group.tokens.join(' ');

/** Whether a template covers a masked message: same length, every token equal or <*>. */
export function templateMatches(template: readonly string[], tokens: readonly string[]): boolean {
  if (template.length !== tokens.length) return false;
  return template.every((token, i) => token === WILDCARD || token === tokens[i]);
}
