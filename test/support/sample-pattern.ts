/**
 * A string that a regular expression matches, drawn with a seeded generator: the way the
 * secret corpus makes a token of every format from the format itself rather than from
 * anyone's test files. It reads the subset of the syntax the format table uses: literals,
 * escapes, classes (also negated), groups, alternation, quantifiers, backreferences;
 * anchors and lookarounds match nothing and are skipped.
 */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
/** How many repetitions past its minimum an unbounded or wide quantifier draws at most. */
const SPREAD = 12;

export function seeded(label: string): () => number {
  let seed = 0;
  for (const ch of label) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node =
  | { type: "chars"; set: string }
  | { type: "seq"; items: Node[] }
  | { type: "alt"; options: Node[] }
  | { type: "group"; index: number | null; body: Node }
  | { type: "repeat"; body: Node; min: number; max: number }
  | { type: "backref"; index: number }
  | { type: "empty" };

function escapeSet(ch: string): string {
  switch (ch) {
    case "d":
      return "0123456789";
    case "w":
      return WORD;
    case "s":
      return " ";
    case "S":
      return WORD;
    case "n":
      return "\n";
    case "t":
      return "\t";
    case "r":
      return "\r";
    default:
      return ch;
  }
}

class Parser {
  private at = 0;
  private groups = 0;
  private readonly source: string;
  constructor(source: string) {
    this.source = source;
  }

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Error(`unparsed at ${this.at}: ${this.source}`);
    return node;
  }

  private peek(): string {
    return this.source[this.at] ?? "";
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { type: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { type: "seq", items };
  }

  private quantified(atom: Node): Node {
    const ch = this.peek();
    let min: number;
    let max: number;
    if (ch === "?" || ch === "*" || ch === "+") {
      this.at++;
      [min, max] = ch === "?" ? [0, 1] : ch === "*" ? [0, SPREAD] : [1, 1 + SPREAD];
    } else if (ch === "{" && /^\{\d+(?:,\d*)?\}/.test(this.source.slice(this.at))) {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.at)) as RegExpExecArray;
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? min + SPREAD : Number(m[3]);
      max = Math.min(max, min + SPREAD * 4);
    } else {
      return atom;
    }
    if (this.peek() === "?") this.at++;
    return { type: "repeat", body: atom, min, max };
  }

  private atom(): Node {
    const ch = this.peek();
    this.at++;
    if (ch === "(") {
      let index: number | null = null;
      let skip = false;
      if (this.source.startsWith("?:", this.at)) this.at += 2;
      else if (/^\?<?[=!]/.test(this.source.slice(this.at))) {
        this.at += this.source[this.at + 1] === "<" ? 3 : 2;
        skip = true;
      } else if (this.source.startsWith("?<", this.at)) {
        this.at = this.source.indexOf(">", this.at) + 1;
        index = ++this.groups;
      } else index = ++this.groups;
      const body = this.alternation();
      if (this.peek() !== ")") throw new Error(`unclosed group: ${this.source}`);
      this.at++;
      return skip ? { type: "empty" } : { type: "group", index, body };
    }
    if (ch === "[") return { type: "chars", set: this.charClass() };
    if (ch === "^" || ch === "$") return { type: "empty" };
    if (ch === ".") return { type: "chars", set: WORD };
    if (ch === "\\") {
      const next = this.peek();
      this.at++;
      if (next === "b" || next === "B") return { type: "empty" };
      if (/[1-9]/.test(next)) return { type: "backref", index: Number(next) };
      return { type: "chars", set: escapeSet(next) };
    }
    return { type: "chars", set: ch };
  }

  private charClass(): string {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.at++;
    }
    let set = "";
    let first = true;
    while (this.at < this.source.length && (this.peek() !== "]" || first)) {
      first = false;
      let ch = this.peek();
      this.at++;
      let chars: string;
      if (ch === "\\") {
        ch = this.peek();
        this.at++;
        chars = escapeSet(ch);
        if (ch === "s" && negate) chars = " \t\n\r";
        if (ch === "S" && !negate) chars = WORD;
      } else {
        chars = ch;
      }
      if (chars.length === 1 && this.peek() === "-" && this.source[this.at + 1] !== "]") {
        this.at++;
        let end = this.peek();
        this.at++;
        if (end === "\\") {
          end = this.peek();
          this.at++;
        }
        for (let c = chars.charCodeAt(0); c <= end.charCodeAt(0); c++) {
          set += String.fromCharCode(c);
        }
      } else {
        set += chars;
      }
    }
    this.at++;
    if (!negate) return set;
    // A negated class: word characters it leaves out, so samples stay readable tokens.
    const allowed = [...WORD].filter((c) => !set.includes(c)).join("");
    return allowed.length > 0 ? allowed : [...PRINTABLE].filter((c) => !set.includes(c)).join("");
  }
}

export function samplePattern(pattern: RegExp, label: string): string {
  const next = seeded(label);
  const pick = (n: number): number => Math.floor(next() * n);
  const groups = new Map<number, string>();
  const draw = (node: Node): string => {
    switch (node.type) {
      case "chars": {
        // A class of whitespace and non-whitespace (`[\s\S]`) draws word characters.
        return node.set[pick(node.set.length)] ?? "";
      }
      case "seq":
        return node.items.map(draw).join("");
      case "alt":
        return draw(node.options[pick(node.options.length)] as Node);
      case "group": {
        const text = draw(node.body);
        if (node.index !== null) groups.set(node.index, text);
        return text;
      }
      case "repeat": {
        const count = node.min + pick(node.max - node.min + 1);
        let out = "";
        for (let i = 0; i < count; i++) out += draw(node.body);
        return out;
      }
      case "backref":
        return groups.get(node.index) ?? "";
      case "empty":
        return "";
    }
  };
  return draw(new Parser(pattern.source).parse());
}
