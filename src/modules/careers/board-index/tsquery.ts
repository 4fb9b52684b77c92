// PostgreSQL's text form of a tsquery (what `websearch_to_tsquery('english', q)::text` prints) as
// a tree, so the in-memory board index answers exactly the query PostgreSQL would run: the database
// still parses, stems and drops stop words, and only the matching happens here.
//
// Grammar of the output (tsquery.c): '|' binds loosest, then '&', then '<->' / '<N>', then '!';
// parentheses where the tree needs them. Prefix (':*') and weight (':A') operands never come out
// of websearch_to_tsquery, and are refused rather than guessed.

export type QueryNode =
  | { op: 'term'; lexeme: string }
  | { op: 'not'; arg: QueryNode }
  | { op: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { op: 'phrase'; left: QueryNode; right: QueryNode; distance: number };

export class UnsupportedQuery extends Error {}

type Token =
  | { kind: 'lexeme'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'phrase'; distance: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ') {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new UnsupportedQuery('unterminated lexeme');
        const c = text[i]!;
        if (c === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (text[i] === ':') throw new UnsupportedQuery('weights or prefix match');
      tokens.push({ kind: 'lexeme', value });
    } else if (ch === '<') {
      const end = text.indexOf('>', i);
      const inner = end < 0 ? '' : text.slice(i + 1, end);
      const distance = inner === '-' ? 1 : /^\d{1,5}$/.test(inner) ? Number(inner) : Number.NaN;
      if (Number.isNaN(distance)) throw new UnsupportedQuery(`operator at ${i}`);
      tokens.push({ kind: 'phrase', distance });
      i = end + 1;
    } else if ('&|!()'.includes(ch)) {
      tokens.push({ kind: 'op', value: ch });
      i++;
    } else {
      throw new UnsupportedQuery(`unexpected ${JSON.stringify(ch)} at ${i}`);
    }
  }
  return tokens;
}

/** The tree of a tsquery's text, or null for the empty query (only stop words), which matches nothing. */
export function parseTsquery(text: string): QueryNode | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  let at = 0;
  const peekOp = (value: string) => {
    const t = tokens[at];
    return t?.kind === 'op' && t.value === value;
  };
  const or = (): QueryNode => {
    let left = and();
    while (peekOp('|')) {
      at++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): QueryNode => {
    let left = phrase();
    while (peekOp('&')) {
      at++;
      left = { op: 'and', left, right: phrase() };
    }
    return left;
  };
  const phrase = (): QueryNode => {
    let left = unary();
    for (let t = tokens[at]; t?.kind === 'phrase'; t = tokens[at]) {
      at++;
      left = { op: 'phrase', left, right: unary(), distance: t.distance };
    }
    return left;
  };
  const unary = (): QueryNode => {
    const t = tokens[at++];
    if (t?.kind === 'lexeme') return { op: 'term', lexeme: t.value };
    if (t?.kind === 'op' && t.value === '!') return { op: 'not', arg: unary() };
    if (t?.kind === 'op' && t.value === '(') {
      const inner = or();
      if (!peekOp(')')) throw new UnsupportedQuery('unbalanced parentheses');
      at++;
      return inner;
    }
    throw new UnsupportedQuery('operand expected');
  };
  const tree = or();
  if (at !== tokens.length) throw new UnsupportedQuery('trailing tokens');
  assertPhrasesOfTerms(tree);
  return tree;
}

/**
 * Phrases are matched by word positions; only phrases made of words (what websearch_to_tsquery
 * writes for quoted text and hyphenated words) are supported. PostgreSQL's rules for '!' or '|'
 * inside a phrase are subtle, so such a query is refused and the database answers it.
 */
function assertPhrasesOfTerms(node: QueryNode, inPhrase = false): void {
  switch (node.op) {
    case 'term':
      return;
    case 'phrase':
      assertPhrasesOfTerms(node.left, true);
      assertPhrasesOfTerms(node.right, true);
      return;
    case 'not':
      if (inPhrase) throw new UnsupportedQuery('negation inside a phrase');
      assertPhrasesOfTerms(node.arg);
      return;
    default:
      if (inPhrase) throw new UnsupportedQuery(`${node.op} inside a phrase`);
      assertPhrasesOfTerms(node.left);
      assertPhrasesOfTerms(node.right);
  }
}

/** The words a phrase is made of: a document must have all of them to match it. */
export function phraseTerms(node: QueryNode): string[] {
  if (node.op === 'term') return [node.lexeme];
  if (node.op === 'phrase') return [...phraseTerms(node.left), ...phraseTerms(node.right)];
  return [];
}

/**
 * A phrase of words as each word's offset from the phrase's first position: `a <-> b <2> c` is
 * a at 0, b at 1, c at 3. A document matches when some start has every word at its offset, which
 * is PostgreSQL's phrase semantics for phrases made of words.
 */
export function phraseOffsets(node: QueryNode): { lexeme: string; offset: number }[] {
  if (node.op === 'term') return [{ lexeme: node.lexeme, offset: 0 }];
  if (node.op !== 'phrase') return [];
  const shift = phraseWidth(node.left) + node.distance;
  return [
    ...phraseOffsets(node.left),
    ...phraseOffsets(node.right).map((w) => ({ lexeme: w.lexeme, offset: w.offset + shift })),
  ];
}

/** How many positions a phrase spans from its first word to its last. */
export function phraseWidth(node: QueryNode): number {
  return node.op === 'phrase' ? phraseWidth(node.left) + node.distance + phraseWidth(node.right) : 0;
}
