/**
 * opencc-js ships types for its root, `core` and `preset` entry points but not for the
 * per-locale and per-dictionary modules exported through its `./*` pattern, which let us
 * load only the dictionaries we need.
 */
declare module 'opencc-js/from/*' {
  import type { DictGroup } from 'opencc-js/core';
  const groups: readonly DictGroup[];
  export default groups;
}

declare module 'opencc-js/to/*' {
  import type { DictGroup } from 'opencc-js/core';
  const groups: readonly DictGroup[];
  export default groups;
}

declare module 'opencc-js/dict/*' {
  /** Entries `source target` separated by `|`. */
  const dict: string;
  export default dict;
}
