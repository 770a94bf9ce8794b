/**
 * How deeply JSON-like input nests, counted without recursing past `limit`: input nested thousands of
 * levels deep would overflow the stack of any recursive reader (JSON.stringify, a validator, sift) and
 * surface as a 500. Checking first turns it into a clear 400.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (level >= limit) return true;
    for (const child of Object.values(node)) stack.push([child, level + 1]);
  }
  return false;
}
