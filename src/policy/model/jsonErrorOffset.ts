/**
 * Where a text stops being JSON, for the diagnostic of a save that fails to parse. V8's JSON.parse names no
 * position for most errors ("Unexpected token '}', …"), so this walks the grammar (RFC 8259) up to the first
 * character that cannot continue it. Called only on text JSON.parse refused.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) {
      i++;
    }
  };
  const expect = (c: string): void => {
    if (text[i] !== c) {
      fail();
    }
    i++;
  };
  const literal = (word: string): void => {
    for (const c of word) {
      expect(c);
    }
  };
  const string = (): void => {
    expect('"');
    while (text[i] !== '"') {
      const c = text[i];
      if (c === undefined || c < ' ') {
        fail();
      }
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let n = 0; n < 4; n++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) {
              fail();
            }
            i++;
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) {
          fail();
        }
      }
      i++;
    }
    i++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) {
      fail();
    }
    i += (match as RegExpExecArray)[0].length;
  };
  const items = (close: string, item: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      items('}', () => {
        space();
        string();
        space();
        expect(':');
        value();
      });
    } else if (c === '[') {
      items(']', value);
    } else if (c === '"') {
      string();
    } else if (c === 't') {
      literal('true');
    } else if (c === 'f') {
      literal('false');
    } else if (c === 'n') {
      literal('null');
    } else {
      number();
    }
  };
  try {
    value();
    space();
    return i < text.length ? i : text.length;
  } catch (error) {
    if (error instanceof Stop) {
      return Math.min(error.offset, text.length);
    }
    throw error;
  }
}

class Stop {
  constructor(readonly offset: number) {}
}
