/**
 * A fixture for a mocha suite: `open` runs before the suite's tests (before each test with `perTest`) and the fixture
 * closes after them. The object returned reads the fixture open at the time, so tests and the suite's later hooks use
 * it as they would the fixture itself (`fx.kms`, `f.engine`).
 */
export function useFixture<T extends { close(): Promise<void> }>(
  open: () => Promise<T>,
  { perTest = false }: { perTest?: boolean } = {},
): T {
  let current: T | undefined;
  (perTest ? beforeEach : before)(async () => {
    current = await open();
  });
  (perTest ? afterEach : after)(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as T, {
    get: (_target, property) => {
      if (!current) {
        throw new Error("useFixture: the fixture is open only in the suite's tests and hooks");
      }
      return Reflect.get(current, property) as unknown;
    },
  });
}
