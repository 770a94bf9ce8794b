/**
 * Line and column in the policy file for a path in the policy, so every problem points at the text to
 * edit.
 */
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';

/** Where a problem is in the file (1-based); absent when it cannot be placed. */
export interface Position {
  line?: number;
  column?: number;
}

export interface Locator {
  readonly doc: Document;
  /** The value at `path`; a missing path is placed at its nearest existing parent. */
  at(path: readonly (string | number)[]): Position;
  /** The key `path` ends with (an unknown or unread key is pointed at where it is written). */
  key(path: readonly (string | number)[]): Position;
  /** `excerpt` inside the text value at `path` (a template placeholder), else the value itself. */
  inside(path: readonly (string | number)[], excerpt: string): Position;
  /** A character offset of the file. */
  offset(offset: number): Position;
}

/** Parses `text` (YAML) keeping the line counter the positions come from. */
export function createLocator(text: string): Locator {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const offset = (at: number): Position => {
    const { line, col } = lineCounter.linePos(at);
    return { line, column: col };
  };
  const nodeStart = (path: readonly (string | number)[]): number | undefined => {
    const node = doc.getIn(path, true);
    return isNode(node) && node.range ? node.range[0] : undefined;
  };
  const at = (path: readonly (string | number)[]): Position => {
    // Walk up the path until a node exists: a missing key is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const start = nodeStart(path.slice(0, depth));
      if (start !== undefined) return offset(start);
    }
    return {};
  };
  return {
    doc,
    at,
    offset,
    key(path) {
      const map = doc.getIn(path.slice(0, -1), true);
      const last = path.at(-1);
      const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === last) : undefined;
      const start = pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
      return start === undefined ? at(path) : offset(start);
    },
    inside(path, excerpt) {
      const node = doc.getIn(path, true);
      if (isNode(node) && node.range) {
        // Found in the source as written; escapes in a quoted string could move it, then the value's start is used.
        const found = text.slice(node.range[0], node.range[1]).indexOf(excerpt);
        if (found >= 0) return offset(node.range[0] + found);
      }
      return at(path);
    },
  };
}
