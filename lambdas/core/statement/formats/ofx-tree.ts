/**
 * OFX as a tree, whichever dialect the bank wrote: OFX 1.x is SGML (leaf elements are never
 * closed: `<TRNAMT>-6.60`), OFX 2.x is XML (`<TRNAMT>-6.60</TRNAMT>`), and real downloads mix
 * the two (an XML header over unclosed leaves), which strict XML parsers refuse. An element
 * followed by text is a leaf; any other opens an aggregate that its closing tag ends.
 */
export interface OfxNode {
  name: string;
  value?: string;
  children: OfxNode[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

export function parseOfxTree(body: string): OfxNode {
  const root: OfxNode = { name: '#root', children: [] };
  const stack: OfxNode[] = [root];
  // CDATA sections hold text with '<' in it: escape them before tokenising.
  const text = body.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, content: string) =>
    content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
  const tag = /<(\/?)([A-Za-z][\w.]*)[^>]*>([^<]*)/g;
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    const [, closing, rawName, following] = match;
    const name = rawName.toUpperCase();
    if (closing) {
      const at = stack.map((node) => node.name).lastIndexOf(name);
      // A closing tag of a leaf (XML) or of nothing open is ignored; an aggregate's closes it
      // and anything left unclosed inside it.
      if (at > 0) stack.length = at;
      continue;
    }
    const node: OfxNode = { name, children: [] };
    stack[stack.length - 1].children.push(node);
    const value = following.trim();
    if (value) node.value = decodeEntities(value);
    else stack.push(node);
  }
  return root;
}

/** Every descendant named `name`, depth first, not looking inside a match. */
export function findAll(node: OfxNode, name: string): OfxNode[] {
  const found: OfxNode[] = [];
  const walk = (current: OfxNode) => {
    for (const child of current.children) {
      if (child.name === name) found.push(child);
      else walk(child);
    }
  };
  walk(node);
  return found;
}

/** The value of the first descendant named `name` (or of a path of names), or null. */
export function valueOf(node: OfxNode, ...path: string[]): string | null {
  let current: OfxNode | undefined = node;
  for (const name of path) {
    current = current ? findAll(current, name)[0] : undefined;
    if (!current) return null;
  }
  return current?.value ?? null;
}
