// make_tokenizer_fixtures.mjs: writes tests/data/tokenizers/<kind>/ (tokenizer.json, tokenizer_config.json,
// cases.json), the fixtures of tests/unit/text/test_modern_tokenizers.cpp, for the tokenizer.json kinds of the
// post-2023 model families: llama3, qwen2 (byte-level BPE with a Split regex), gemma, llama2_bpe, metaspace and
// metaspace_split (SentencePiece-style BPE with byte fallback); and tests/data/tokenizers/split_pieces.json, the
// pieces Llama 3's and Qwen2's Split patterns cut.
//
// Not needed at test time. Run it by hand with the npm packages installed outside the repository:
//   mkdir /tmp/tokfix && cd /tmp/tokfix && npm install @anush008/tokenizers @huggingface/tokenizers js-tiktoken
//   node tests/reference/make_tokenizer_fixtures.mjs /tmp/tokfix/node_modules [SHARED_DATA_DIR]
//
// Each kind: a small vocabulary trained by HF's Rust `tokenizers` (the native build @anush008/tokenizers, 0.22)
// on data/sample (and SHARED_DATA_DIR, default ../shared/data, where it exists), cut to its first merges and laid
// out as the family ships it (byte tokens, special tokens, flags the trainer cannot set); the JSON is then loaded
// back by that library, which gives the ids of every case (with and without special tokens) and the decoded text.
// Two more oracles read the same files: @huggingface/tokenizers (pure JS) and, for the byte-level kinds, js-tiktoken
// with ranks built from the vocabulary. Their disagreements with the Rust library are printed, not stored.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const [nodeModules, sharedArg] = process.argv.slice(2);
if (!nodeModules) {
  console.error("usage: node make_tokenizer_fixtures.mjs NODE_MODULES_DIR [SHARED_DATA_DIR]");
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sharedData = path.resolve(sharedArg ?? path.join(repoRoot, "../shared/data"));
const outRoot = path.join(repoRoot, "tests/data/tokenizers");

const requireFrom = createRequire(path.join(path.resolve(nodeModules), "index.js"));
const native = requireFrom("@anush008/tokenizers");
const { Tokenizer: JsTokenizer } = await import(
  pathToFileURL(path.join(nodeModules, "@huggingface/tokenizers/dist/tokenizers.mjs")).href
);
const { Tiktoken } = await import(pathToFileURL(path.join(nodeModules, "js-tiktoken/dist/lite.js")).href);

// ---------------------------------------------------------------------------------------------------------------
// Patterns and byte-level alphabet

const LLAMA3_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const QWEN2_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// GPT-2's bytes_to_unicode, in its order (printable bytes first).
function byteLevelAlphabet() {
  const printable = (b) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
  const alphabet = [];
  for (let b = 0; b < 256; ++b) {
    if (printable(b)) alphabet.push({ byte: b, symbol: String.fromCodePoint(b) });
  }
  let next = 256;
  for (let b = 0; b < 256; ++b) {
    if (!printable(b)) alphabet.push({ byte: b, symbol: String.fromCodePoint(next++) });
  }
  return alphabet;
}
const BYTE_ALPHABET = byteLevelAlphabet();
const BYTE_OF_SYMBOL = new Map(BYTE_ALPHABET.map(({ byte, symbol }) => [symbol, byte]));
const byteToken = (b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;

// ---------------------------------------------------------------------------------------------------------------
// Texts: the training corpus and the cases

function readJsonl(file, limit) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, limit)
    .map((line) => JSON.parse(line));
}

function strings(row) {
  const out = [];
  const visit = (v) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(row);
  return out.filter((s) => s.length > 2);
}

const sample = (task, split) => readJsonl(path.join(repoRoot, "data/sample", task, `${split}.jsonl`));
const shared = (task, file, limit) => readJsonl(path.join(sharedData, task, file), limit);

function trainingCorpus() {
  const rows = [
    ...sample("sst2", "train"), ...sample("sst2", "validation"), ...sample("copa", "train"),
    ...sample("copa", "validation"), ...shared("sst2", "train.jsonl", 3000), ...shared("mr", "train.jsonl", 2000),
    ...shared("agnews", "pool.jsonl", 1600), ...shared("trec", "train.jsonl", 2000),
    ...shared("obqa", "train.jsonl", 1500), ...shared("copa", "train.jsonl", 64), ...shared("sst5", "train.jsonl", 1000),
  ];
  const lines = rows.flatMap(strings);
  // Prompt layouts as the task cards write them, so that "Review:", "Sentiment:" and newlines are frequent.
  for (const row of sample("sst2", "train")) lines.push(`Review: ${row.sentence.trim()}\nSentiment: positive\n\n`);
  return lines;
}

const clip = (s, n) => (s.length > n ? s.slice(0, n) : s);

function promptCases() {
  const out = [];
  for (const row of [...sample("sst2", "validation"), ...sample("sst2", "train")]) {
    out.push(`Review: ${row.sentence.trim()}\nSentiment:`, row.sentence, ` ${row.label ? "positive" : "negative"}`);
  }
  for (const row of [...sample("copa", "validation"), ...sample("copa", "train")]) {
    const joiner = row.question === "cause" ? "because" : "so";
    out.push(`${row.premise.replace(/\.$/, "")} ${joiner}`, ` ${row.choice1.toLowerCase()}`);
  }
  const demo = sample("sst2", "train")
    .slice(0, 3)
    .map((r, i) => `Review: ${r.sentence.trim()}\nSentiment: ${i % 2 ? "positive" : "negative"}`)
    .join("\n\n");
  out.push(demo, `${demo}\n\nReview: a dull film\nSentiment:`);
  for (const row of shared("trec", "test.jsonl", 20)) out.push(`Question: ${row.text}\nType:`);
  for (const row of shared("agnews", "test.jsonl", 20)) out.push(`Article: ${clip(row.text, 240)}\nAnswer:`);
  for (const row of shared("mr", "test.jsonl", 15)) out.push(`Review: ${row.text}\nSentiment:`);
  for (const row of shared("sst5", "validation.jsonl", 10)) out.push(row.text);
  for (const row of shared("obqa", "validation.jsonl", 15)) {
    out.push(`Question: ${row.question_stem}\nAnswer:`, ` ${row.choices.text[0]}`);
  }
  for (const row of shared("copa", "validation.jsonl", 10)) out.push(`${row.premise} What was the ${row.question}?`);
  return out;
}

// Every kind's special-token spellings appear in every kind's cases: special in one, plain text in the others.
const EDGE_CASES = [
  "", " ", "  ", "   ", "a", " a", "a ", "  a", "a  ", "hello world", "hello  world", "hello   world",
  " hello world ", "hello ", "hello  ", "hello\n", "hello \n", "\n", "\n\n", "\n\n\n", "a\nb", "a\n\nb", "a \n b",
  "a\r\nb", "\r\n\r\n", "line1\r\nline2\n", "\r", "a\rb", "\t", "a\tb", "\tindented", "a \t b", " \n ", "  \n  x",
  "x  \n\n  y", "1", "12", "123", "1234", "12345678", "3.14159", "1,000,000", "x=12345+678", "a1b22c333d4444",
  " 2024", "in 1999 and 2000", "٣٤٥", "Ⅻ", "½ and ²", "DON'T", "I'M", "I'm", "don't", "we'll", "WE'LL",
  "they've", "THEY'VE", "she'd", "SHE'D", "you're", "YOU'RE", "it's", "IT'S", "'s", "'S", "'ſ", "'K", "O'Neil",
  "rock'n'roll", "'twas", "can't stop", "''", "' s", "café", "cafe\u0301", "naïve", "nai\u0308ve", "Ångström",
  "A\u030Angstro\u0308m", "über", "Crème brûlée", "ﬁne", "\u212B", "\u2126", "e\u0301\u0301", "\u1E9B\u0323",
  "你好，世界", "日本語のテキスト", "한국어 텍스트", "中文 mixed with English", "😀", "👍🏽", "I ❤️ NY",
  "👨‍👩‍👧", "🇫🇷", "Привет мир", "Γειά σου", "مرحبا بالعالم", "שלום", "हिन्दी", "a\u00A0b", "a\u2003b",
  "a\u3000b", "a\u000Bb", "a\u0085b", "a\u000Cb", "\uFEFFbom", "a\u200Bb", "a\u2028b", "a \u00A0 b", "x\u00A0\n",
  "Hello, world!", "What?!", "...", "—", "«quoted»", "\"quoted\"", "(parens)", "[brackets]", "{braces}", "a--b",
  "#hashtag", "@user", "e-mail@example.com", "https://example.com/path?q=1&r=2", "C++", "x_y_z",
  "snake_case_name", "CamelCaseName", "ALLCAPS", "$100", "50%", "#39;s", "a▁b", "▁start", "▁", "▁▁", " ▁ ",
  "<0x41>", "<unk>", "a".repeat(300), "ab ".repeat(60), "The year 2023 was great!!! 🎉",
  "<|begin_of_text|>hello", "hi <|eot_id|> there", "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
  "<s>hello", "hello</s>", "a <s> b", "<s> <s>", "<|assistant|>  reply", "  <|assistant|>text", "<|user|>\nhi",
  "<|im_start|>user\nhi<|im_end|>\n", "<|endoftext|>", "<bos>x", "<start_of_turn>user\nhi<end_of_turn>\n",
  "a \u0085 b", "x\u0085\u0085y", "a\u000B\u000Bb", "a\u0085", "\u0085 ", "a  \u000B", "a\uFEFF\uFEFF b",
  " \u0085", "x \u000B\n y", "a\u0085\u0085b", "a\uFEFF\uFEFFb", "'\u017Fa", "'\uFB06a", "'\u212Aa", "!!\u0085\n", "a\u00A0\u00A0b", "a \u2003\n", "\u3000\u3000x", "'\uFB06", "'\u0130",
  "<|placeholder|> and <|placeholder|>x", "a<|placeholder|>b", "\u00A0<|im_end|>", "<|begin_of_text|><|begin_of_text|>",
];

// ---------------------------------------------------------------------------------------------------------------
// Training and vocabulary layout

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dt-tokfix-"));
const corpusFile = path.join(scratch, "corpus.txt");
fs.writeFileSync(corpusFile, trainingCorpus().join("\n") + "\n");

// The merges HF's BpeTrainer (default settings) learns with this normalizer and pre-tokenizer.
async function trainMerges(normalizer, preTokenizer) {
  const skeleton = {
    version: "1.0", truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
             fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
  };
  const tokenizer = native.Tokenizer.fromString(JSON.stringify(skeleton));
  tokenizer.train([corpusFile]);
  const saved = path.join(scratch, "trained.json");
  tokenizer.save(saved);
  const model = JSON.parse(fs.readFileSync(saved, "utf8")).model;
  return model.merges.map((m) => (Array.isArray(m) ? m : m.split(" ")));
}

// Byte-level: the 256 byte symbols (ids 0..255 in GPT-2's order, as Llama 3 and Qwen2 lay them out), the first
// `count` merges, then the `wholeWords` most frequent pre-tokenizer pieces of the corpus that the merges do not
// make: Llama 3's vocabulary (tiktoken's ranks as BPE) has such tokens, which only ignore_merges emits.
function byteLevelVocab(merges, count, preTokenizer, wholeWords) {
  const vocab = new Map(BYTE_ALPHABET.map(({ symbol }, i) => [symbol, i]));
  const kept = [];
  for (const [a, b] of merges) {
    if (kept.length === count) break;
    if (!vocab.has(a) || !vocab.has(b) || vocab.has(a + b)) continue;
    vocab.set(a + b, vocab.size);
    kept.push([a, b]);
  }
  const splitter = native.Tokenizer.fromString(JSON.stringify(tokenizerJson({
    added_tokens: [], normalizer: null, pre_tokenizer: preTokenizer, post_processor: null, decoder: null,
    model: bpeModel(new Map(), [], {}),
  }))).getPreTokenizer();
  const counts = new Map();
  for (const line of trainingCorpus().slice(0, 5000)) {
    for (const [piece] of splitter.preTokenizeString(line)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  const unmade = [...counts].filter(([piece]) => !vocab.has(piece) && [...piece].length >= 3);
  unmade.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [piece] of unmade.slice(0, wholeWords)) vocab.set(piece, vocab.size);
  return { vocab, merges: kept };
}

// SentencePiece-style: `specials`, the 256 <0xXX> byte tokens, the characters `keepChar` accepts (the rest fall back
// to bytes), then the first `count` merges of kept tokens.
function charVocab(merges, count, specials, keepChar) {
  const vocab = new Map(specials.map((s, i) => [s, i]));
  for (let b = 0; b < 256; ++b) vocab.set(byteToken(b), vocab.size);
  const chars = new Set();
  for (const [a, b] of merges) for (const c of [...a, ...b]) chars.add(c);
  for (const c of [...chars].sort()) if (keepChar(c)) vocab.set(c, vocab.size);
  const kept = [];
  for (const [a, b] of merges) {
    if (kept.length === count) break;
    if (!vocab.has(a) || !vocab.has(b) || vocab.has(a + b)) continue;
    vocab.set(a + b, vocab.size);
    kept.push([a, b]);
  }
  return { vocab, merges: kept };
}

const addedToken = (id, content, extra = {}) => ({
  id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...extra,
});
const specialItem = (id, typeId = 0) => ({ SpecialToken: { id, type_id: typeId } });
const sequenceItem = (id, typeId = 0) => ({ Sequence: { id, type_id: typeId } });
const templateSpecial = (name, id) => ({ [name]: { id: name, ids: [id], tokens: [name] } });
const byteLevel = (addPrefixSpace, trimOffsets, useRegex) => ({
  type: "ByteLevel", add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: useRegex,
});
const split = (pattern) => ({ type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false });
const replace = (from, to) => ({ type: "Replace", pattern: { String: from }, content: to });
const spDecoder = (strip) => ({
  type: "Sequence",
  decoders: [replace("▁", " "), { type: "ByteFallback" }, { type: "Fuse" },
             ...(strip ? [{ type: "Strip", content: " ", start: 1, stop: 0 }] : [])],
});
const bpeModel = (vocab, merges, options) => ({
  type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
  fuse_unk: false, byte_fallback: false, ignore_merges: false, ...options,
  vocab: Object.fromEntries(vocab), merges,
});
const asStrings = (merges) => merges.map(([a, b]) => `${a} ${b}`);

function tokenizerJson(parts) {
  return { version: "1.0", truncation: null, padding: null, ...parts };
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds

async function llama3() {
  const preTokenizer = { type: "Sequence", pretokenizers: [split(LLAMA3_PATTERN), byteLevel(false, true, false)] };
  const { vocab, merges } = byteLevelVocab(await trainMerges(null, preTokenizer), 700, preTokenizer, 40);
  const names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
                 "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>", "<|reserved_special_token_2|>",
                 "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>", "<|python_tag|>"];
  const added = names.map((name, i) => addedToken(vocab.size + i, name));
  const bos = vocab.size;
  return {
    tokenizer: tokenizerJson({
      added_tokens: added, normalizer: null,
      pre_tokenizer: preTokenizer,
      post_processor: { type: "Sequence", processors: [byteLevel(true, false, true), {
        type: "TemplateProcessing",
        single: [specialItem("<|begin_of_text|>"), sequenceItem("A")],
        pair: [specialItem("<|begin_of_text|>"), sequenceItem("A"), specialItem("<|begin_of_text|>", 1), sequenceItem("B", 1)],
        special_tokens: templateSpecial("<|begin_of_text|>", bos),
      }] },
      decoder: byteLevel(true, true, true),
      model: bpeModel(vocab, merges, { ignore_merges: true }),
    }),
    config: { bos_token: "<|begin_of_text|>", eos_token: "<|end_of_text|>", clean_up_tokenization_spaces: true,
              model_input_names: ["input_ids", "attention_mask"], tokenizer_class: "PreTrainedTokenizerFast" },
    tiktoken: { pattern: LLAMA3_PATTERN, bos },
  };
}

async function qwen2() {
  const preTokenizer = { type: "Sequence", pretokenizers: [split(QWEN2_PATTERN), byteLevel(false, false, false)] };
  const { vocab, merges } = byteLevelVocab(await trainMerges({ type: "NFC" }, preTokenizer), 650, preTokenizer, 40);
  const names = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>"];
  return {
    tokenizer: tokenizerJson({
      added_tokens: names.map((name, i) => addedToken(vocab.size + i, name)),
      normalizer: { type: "NFC" }, pre_tokenizer: preTokenizer,
      post_processor: byteLevel(false, false, false), decoder: byteLevel(false, false, false),
      model: bpeModel(vocab, asStrings(merges), {}),
    }),
    config: { add_prefix_space: false, bos_token: null, eos_token: "<|endoftext|>", pad_token: "<|endoftext|>",
              errors: "replace", split_special_tokens: false, tokenizer_class: "Qwen2Tokenizer" },
    tiktoken: { pattern: QWEN2_PATTERN, bos: null, nfc: true },
  };
}

// Trained with Metaspace splitting, so that merges stay inside words as SentencePiece's do.
const trainCharMerges = () =>
  trainMerges(null, { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true });
const latinOrMeta = (allowControls) => (c) =>
  c === "▁" || (c.codePointAt(0) >= 0x20 && c.codePointAt(0) < 0x180) || (allowControls && (c === "\n" || c === "\t"));

async function gemma() {
  const specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>", "<start_of_turn>", "<end_of_turn>"];
  const { vocab, merges } = charVocab(await trainCharMerges(), 600, specials, latinOrMeta(true));
  return {
    tokenizer: tokenizerJson({
      added_tokens: specials.map((name, i) => addedToken(i, name)),
      normalizer: replace(" ", "▁"), pre_tokenizer: null,
      post_processor: {
        type: "TemplateProcessing", single: [specialItem("<bos>"), sequenceItem("A")],
        pair: [specialItem("<bos>"), sequenceItem("A"), specialItem("<bos>", 1), sequenceItem("B", 1)],
        special_tokens: templateSpecial("<bos>", 2),
      },
      decoder: spDecoder(false),
      model: bpeModel(vocab, asStrings(merges), { unk_token: "<unk>", fuse_unk: true, byte_fallback: true }),
    }),
    config: { add_bos_token: true, add_eos_token: false, bos_token: "<bos>", eos_token: "<eos>", pad_token: "<pad>",
              unk_token: "<unk>", spaces_between_special_tokens: false, tokenizer_class: "GemmaTokenizer" },
  };
}

function llamaStyleTemplate(withEos) {
  return {
    type: "TemplateProcessing",
    single: [specialItem("<s>"), sequenceItem("A"), ...(withEos ? [specialItem("</s>")] : [])],
    pair: [specialItem("<s>"), sequenceItem("A"), specialItem("<s>", 1), sequenceItem("B", 1)],
    special_tokens: { ...templateSpecial("<s>", 1), ...(withEos ? templateSpecial("</s>", 2) : {}) },
  };
}

// Llama 2 / Mistral v0.3 / Phi-3 layout: <unk> <s> </s>, the byte tokens, then the pieces; Phi-3's chat tokens
// (rstrip) and one non-special added token matched after normalization.
function llamaAddedTokens(size) {
  return [
    addedToken(0, "<unk>"), addedToken(1, "<s>"), addedToken(2, "</s>", { rstrip: true }),
    addedToken(size, "<|endoftext|>"), addedToken(size + 1, "<|assistant|>", { rstrip: true }),
    addedToken(size + 2, "<|user|>", { rstrip: true }),
    addedToken(size + 3, "<|placeholder|>", { special: false, normalized: true }),
  ];
}

async function llama2Bpe() {
  const { vocab, merges } = charVocab(await trainCharMerges(), 600, ["<unk>", "<s>", "</s>"], latinOrMeta(false));
  return {
    tokenizer: tokenizerJson({
      added_tokens: llamaAddedTokens(vocab.size),
      normalizer: { type: "Sequence", normalizers: [{ type: "Prepend", prepend: "▁" }, replace(" ", "▁")] },
      pre_tokenizer: null, post_processor: llamaStyleTemplate(false), decoder: spDecoder(true),
      model: bpeModel(vocab, asStrings(merges), { unk_token: "<unk>", fuse_unk: true, byte_fallback: true }),
    }),
    config: { add_bos_token: true, add_eos_token: false, bos_token: "<s>", eos_token: "</s>", unk_token: "<unk>",
              pad_token: null, legacy: true, tokenizer_class: "LlamaTokenizer" },
  };
}

async function metaspace(prependScheme, splitWords) {
  const { vocab, merges } = charVocab(await trainCharMerges(), 550, ["<unk>", "<s>", "</s>"], latinOrMeta(false));
  const meta = { type: "Metaspace", replacement: "▁", prepend_scheme: prependScheme, split: splitWords };
  return {
    tokenizer: tokenizerJson({
      added_tokens: llamaAddedTokens(vocab.size), normalizer: null, pre_tokenizer: meta,
      post_processor: llamaStyleTemplate(splitWords),
      decoder: splitWords ? spDecoder(true) : meta,
      model: bpeModel(vocab, splitWords ? asStrings(merges) : merges,
                      { unk_token: "<unk>", fuse_unk: true, byte_fallback: true }),
    }),
    config: { add_bos_token: true, add_eos_token: splitWords, bos_token: "<s>", eos_token: "</s>",
              unk_token: "<unk>", legacy: false, tokenizer_class: "LlamaTokenizer" },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Oracles

// JavaScript's RegExp (Node 20) has no (?i:...) group: the contractions spelled out case by case.
function tiktokenPattern(pattern) {
  return pattern.replace("(?i:'s|'t|'re|'ve|'m|'ll|'d)", "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])");
}

function tiktokenFor(tokenizer, { pattern }) {
  const lines = [];
  for (const [token, id] of Object.entries(tokenizer.model.vocab)) {
    const bytes = Uint8Array.from([...token].map((c) => BYTE_OF_SYMBOL.get(c)));
    lines.push(`t ${id} ${Buffer.from(bytes).toString("base64")}`);
  }
  const jsPattern = tiktokenPattern(pattern);
  const specials = Object.fromEntries(tokenizer.added_tokens.map((t) => [t.content, t.id]));
  return new Tiktoken({ pat_str: jsPattern, special_tokens: specials, bpe_ranks: lines.join("\n") });
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const show = (s) => JSON.stringify(s).slice(0, 80);

async function writeKind(name, build) {
  const { tokenizer, config, tiktoken } = await build();
  const text = JSON.stringify(tokenizer);
  const rust = native.Tokenizer.fromString(text);
  const js = new JsTokenizer(JSON.parse(text), config);
  const tk = tiktoken ? tiktokenFor(tokenizer, tiktoken) : null;

  const texts = [...new Set([...EDGE_CASES, ...promptCases()])];
  const cases = [];
  const disagreements = { js: [], js_decode: [], tiktoken: [] };
  for (const input of texts) {
    const ids = (await rust.encode(input, null, { addSpecialTokens: true })).getIds();
    const idsNoSpecial = (await rust.encode(input, null, { addSpecialTokens: false })).getIds();
    const decoded = await rust.decode(idsNoSpecial, false);
    cases.push({ text: input, ids, ids_no_special: idsNoSpecial, decoded });

    const jsIds = js.encode(input, { add_special_tokens: true }).ids;
    const jsNoSpecial = js.encode(input, { add_special_tokens: false }).ids;
    if (!same(jsIds, ids) || !same(jsNoSpecial, idsNoSpecial)) disagreements.js.push(input);
    const jsDecoded = idsNoSpecial.length === 0 ? "" :
      js.decode(idsNoSpecial, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    if (jsDecoded !== decoded) disagreements.js_decode.push(input);
    if (tk) {
      const tkIds = tk.encode(tiktoken.nfc ? input.normalize("NFC") : input, "all");
      const tkWithBos = tiktoken.bos === null ? tkIds : [tiktoken.bos, ...tkIds];
      if (!same(tkIds, idsNoSpecial) || !same(tkWithBos, ids)) disagreements.tiktoken.push(input);
    }
  }

  const dir = path.join(outRoot, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizer, null, 1) + "\n");
  fs.writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify(config, null, 2) + "\n");
  const body = cases.map((c) => "  " + JSON.stringify(c)).join(",\n");
  fs.writeFileSync(path.join(dir, "cases.json"),
                   `{"generator": "tests/reference/make_tokenizer_fixtures.mjs, HF tokenizers 0.22 (Rust)",\n "cases": [\n${body}\n]}\n`);

  console.log(`${name}: ${cases.length} cases, ${Object.keys(tokenizer.model.vocab).length} vocabulary tokens, ` +
              `${tokenizer.model.merges.length} merges`);
  const report = (oracle, list) => {
    console.log(`  ${oracle}: agrees on ${cases.length - list.length}/${cases.length}`);
    for (const t of list.slice(0, 12)) console.log(`    differs: ${show(t)}`);
  };
  report("@huggingface/tokenizers encode", disagreements.js);
  report("@huggingface/tokenizers decode", disagreements.js_decode);
  if (tk) report("js-tiktoken", disagreements.tiktoken);
}

// The Split pre-tokenizer alone: the pieces Oniguruma (through HF tokenizers) cuts with Llama 3's and Qwen2's
// patterns, for the edge cases and for short strings around every White_Space character and a few that only look
// like space or fold like a letter (regex_split.cpp must cut them the same with ICU).
function writeSplitPieces() {
  const odd = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x180e, 0x2000, 0x2005, 0x200a,
               0x200b, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0x17f, 0x212a, 0x130, 0xfb06, 0x2126];
  const texts = [...EDGE_CASES];
  for (const c of odd.map((cp) => String.fromCodePoint(cp))) {
    texts.push(`a${c}${c}b`, `x ${c}y`, `'${c}a`, `${c}\n`, `1${c} 2`, `!${c}${c}`, `it${c}s ${c}`, `w${c}  ${c}`);
  }
  const cases = [];
  let splitters = {};
  for (const [name, pattern] of [["llama3", LLAMA3_PATTERN], ["qwen2", QWEN2_PATTERN]]) {
    const json = tokenizerJson({ added_tokens: [], normalizer: null, pre_tokenizer: split(pattern), post_processor: null,
                                 decoder: null, model: bpeModel(new Map(), [], {}) });
    splitters[name] = native.Tokenizer.fromString(JSON.stringify(json)).getPreTokenizer();
  }
  const jsSplitters = Object.fromEntries(Object.entries({ llama3: LLAMA3_PATTERN, qwen2: QWEN2_PATTERN }).map(
    ([name, pattern]) => [name, new JsTokenizer(tokenizerJson({ added_tokens: [], normalizer: null, pre_tokenizer: split(pattern),
                                                                post_processor: null, decoder: null,
                                                                model: bpeModel(new Map([["a", 0]]), [], {}) }), {})]));
  const disagreements = { js: [], tiktoken: [] };
  for (const text of [...new Set(texts)]) {
    for (const [name, splitter] of Object.entries(splitters)) {
      const pieces = splitter.preTokenizeString(text).map(([piece]) => piece);
      cases.push({ pattern: name, text, pieces });
      if (!same(jsSplitters[name].pre_tokenizer.pre_tokenize(text), pieces)) disagreements.js.push(text);
      const tiktokenPieces = [...text.matchAll(new RegExp(tiktokenPattern(name === "llama3" ? LLAMA3_PATTERN : QWEN2_PATTERN), "gu"))];
      if (!same(tiktokenPieces.map((m) => m[0]), pieces)) disagreements.tiktoken.push(`${name} ${JSON.stringify(text)}`);
    }
  }
  console.log(`split_pieces: @huggingface/tokenizers agrees on ${cases.length - disagreements.js.length}/${cases.length}, ` +
              `js-tiktoken's RegExp on ${cases.length - disagreements.tiktoken.length}/${cases.length}`);
  for (const t of disagreements.tiktoken) console.log(`    js-tiktoken differs: ${t}`);
  for (const t of disagreements.js) console.log(`    @huggingface/tokenizers differs: ${JSON.stringify(t)}`);
  const body = cases.map((c) => "  " + JSON.stringify(c)).join(",\n");
  fs.writeFileSync(path.join(outRoot, "split_pieces.json"),
                   `{"generator": "tests/reference/make_tokenizer_fixtures.mjs, HF tokenizers 0.22 (Rust, onig)",\n` +
                   ` "patterns": ${JSON.stringify({ llama3: LLAMA3_PATTERN, qwen2: QWEN2_PATTERN })},\n` +
                   ` "cases": [\n${body}\n]}\n`);
  console.log(`split_pieces.json: ${cases.length} cases`);
}

writeSplitPieces();
await writeKind("llama3", llama3);
await writeKind("qwen2", qwen2);
await writeKind("gemma", gemma);
await writeKind("llama2_bpe", llama2Bpe);
await writeKind("metaspace", () => metaspace("first", false));
await writeKind("metaspace_split", () => metaspace("always", true));
fs.rmSync(scratch, { recursive: true, force: true });
