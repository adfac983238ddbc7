/** Key ids in the order ListKeys listed them, each once; a key added later (created by a command) goes first. */
export class ListingOrder {
  private ids: string[] = [];
  private readonly known = new Set<string>();

  has(id: string): boolean {
    return this.known.has(id);
  }

  /** Adds a listed key at the end, unless it is there already. */
  append(id: string): void {
    if (!this.known.has(id)) {
      this.ids.push(id);
      this.known.add(id);
    }
  }

  /** Adds a key at the front, unless it is there already. */
  prepend(id: string): void {
    if (!this.known.has(id)) {
      this.ids.unshift(id);
      this.known.add(id);
    }
  }

  remove(id: string): void {
    if (this.known.delete(id)) {
      this.ids = this.ids.filter((k) => k !== id);
    }
  }

  list(): readonly string[] {
    return this.ids;
  }
}
