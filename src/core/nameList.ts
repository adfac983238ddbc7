/**
 * The first few of a list of names, and how many are left out: what a confirmation shows of a batch of files
 * ("a.txt, b.txt, c.txt and 9 more"), so it names what it acts on without growing past the screen.
 */
export function firstNames(names: readonly string[], max = 5): { shown: string[]; more: number } {
  // Showing "and 1 more" takes the room of the name itself.
  const count = names.length <= max + 1 ? names.length : max;
  return { shown: names.slice(0, count), more: names.length - count };
}
