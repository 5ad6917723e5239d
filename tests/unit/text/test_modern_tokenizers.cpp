// The tokenizer.json kinds of the post-2023 families against HF tokenizers (Rust) itself: tests/data/tokenizers/<kind>/
// holds a small trained tokenizer.json laid out as the family ships it and cases.json, whose ids (with and without
// special tokens) and decoded text HF tokenizers 0.22 gave (tests/reference/make_tokenizer_fixtures.mjs). Every case
// must match token for token through dt's public loader; split_pieces.json holds Oniguruma's pieces for Llama 3's and
// Qwen2's Split patterns. Then hand-made bad inputs (one error line naming the file and the field each), the
// Oniguruma-to-ICU pattern rewrite, LlamaTokenizer's and GemmaTokenizer's add_bos_token / add_eos_token, and which
// file a directory with both tokenizer.model and tokenizer.json is read from.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "dt/text/onig_pattern.h"
#include "dt/text/regex_split.h"
#include "dt/text/tokenizer.h"
#include "dt/util/error.h"
#include "dt/util/json_file.h"
#include "dt/util/quote.h"
#include "test_support.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;
using nlohmann::json;

const std::filesystem::path kFixtures =
    std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "tests" / "data" / "tokenizers";

struct Kind {
  const char* name;
  const char* describe;  // what describe() starts with
  const char* bos;       // the BOS token's content; nullptr: none
  const char* eos;
};

std::ostream& operator<<(std::ostream& out, const Kind& kind) { return out << kind.name; }

class ModernTokenizer : public ::testing::TestWithParam<Kind> {};

TEST_P(ModernTokenizer, MatchesHfTokenizersOnEveryCase) {
  const Kind& kind = GetParam();
  const auto dir = kFixtures / kind.name;
  const auto tokenizer = load_tokenizer(dir);
  EXPECT_EQ(tokenizer->describe().rfind(kind.describe, 0), 0u) << tokenizer->describe();
  EXPECT_EQ(tokenizer->bos_id(), kind.bos ? tokenizer->token_to_id(kind.bos) : std::nullopt);
  EXPECT_EQ(tokenizer->eos_id(), tokenizer->token_to_id(kind.eos));

  const json cases = read_json_file(dir / "cases.json").at("cases");
  ASSERT_GE(cases.size(), 300u);
  int failures = 0;
  for (const json& entry : cases) {
    const std::string text = entry.at("text").get<std::string>();
    const Ids ids = tokenizer->encode(text, true);
    const Ids ids_no_special = tokenizer->encode(text, false);
    const std::string decoded = tokenizer->decode(ids_no_special);
    const bool same = ids == entry.at("ids").get<Ids>() && ids_no_special == entry.at("ids_no_special").get<Ids>() &&
                      decoded == entry.at("decoded").get<std::string>();
    if (!same && ++failures <= 10) {
      ADD_FAILURE() << kind.name << ": " << quote_text(text) << "\n  ids " << json(ids).dump() << "\n  expected "
                    << entry.at("ids").dump() << "\n  no special " << json(ids_no_special).dump() << "\n  expected "
                    << entry.at("ids_no_special").dump() << "\n  decoded " << quote_text(decoded) << "\n  expected "
                    << quote_text(entry.at("decoded").get<std::string>());
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size() << " cases";
}

// Bytes HF never sees (its input is a Rust str): ill-formed UTF-8 still encodes to ids of the vocabulary (byte
// fallback takes the stray bytes) and decodes without an error.
TEST_P(ModernTokenizer, IllFormedUtf8StaysInTheVocabulary) {
  const auto tokenizer = load_tokenizer(kFixtures / GetParam().name);
  for (const std::string text : {"\xff\xfe broken", "caf\xc3", "\xe6\x97 x \xed\xa0\x80", "a\x80\x80 b\xc0\xaf"}) {
    for (const bool special : {false, true}) {
      const Ids ids = tokenizer->encode(text, special);
      EXPECT_FALSE(ids.empty()) << quote_text(text);
      for (const auto id : ids) EXPECT_TRUE(id >= 0 && id < tokenizer->vocab_size()) << id;
      EXPECT_NO_THROW(tokenizer->decode(ids));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ModernTokenizer,
                         ::testing::Values(Kind{"llama3", "byte-level BPE", "<|begin_of_text|>", "<|end_of_text|>"},
                                           Kind{"qwen2", "byte-level BPE", nullptr, "<|endoftext|>"},
                                           Kind{"gemma", "BPE with byte fallback", "<bos>", "<eos>"},
                                           Kind{"llama2_bpe", "BPE with byte fallback", "<s>", "</s>"},
                                           Kind{"metaspace", "BPE with byte fallback", "<s>", "</s>"},
                                           Kind{"metaspace_split", "BPE with byte fallback", "<s>", "</s>"}),
                         [](const auto& case_info) { return std::string(case_info.param.name); });

// Llama 3's and Qwen2's Split patterns cut every text of split_pieces.json as Oniguruma does (through HF tokenizers):
// around every White_Space character, the contractions' case folding (ſ is s), lookahead over whitespace runs.
TEST(SplitPieces, MatchOniguruma) {
  const json fixture = read_json_file(kFixtures / "split_pieces.json");
  std::map<std::string, text::RegexSplit> splits;
  for (const auto& [name, pattern] : fixture.at("patterns").items()) {
    splits.emplace(name,
                   text::RegexSplit(pattern.get<std::string>(), false, text::SplitBehavior::kIsolated, false, name));
  }
  const json& cases = fixture.at("cases");
  ASSERT_GE(cases.size(), 700u);
  int failures = 0;
  for (const json& entry : cases) {
    const std::string text = entry.at("text").get<std::string>();
    std::vector<std::string_view> pieces;
    splits.at(entry.at("pattern").get<std::string>()).split(text, pieces);
    const auto expected = entry.at("pieces").get<std::vector<std::string>>();
    if (std::vector<std::string>(pieces.begin(), pieces.end()) != expected && ++failures <= 10) {
      ADD_FAILURE() << entry.at("pattern") << " " << quote_text(text) << ": " << json(pieces).dump() << ", expected "
                    << json(expected).dump();
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size() << " cases";
}

// A SentencePiece-style tokenizer.json: <unk>, the 256 byte tokens, "▁", "a", "b", "▁a" (merge "▁ a").
json byte_fallback_tokenizer() {
  json vocab = {{"<unk>", 0}};
  for (int byte = 0; byte < 256; ++byte) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", byte);
    vocab[name] = vocab.size();
  }
  for (const char* token : {"\u2581", "a", "b", "\u2581a"}) vocab[token] = vocab.size();
  return {{"normalizer",
           {{"type", "Sequence"},
            {"normalizers",
             {{{"type", "Prepend"}, {"prepend", "\u2581"}},
              {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}}}}},
          {"pre_tokenizer", nullptr},
          {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "ByteFallback"}}, {{"type", "Fuse"}}}}}},
          {"model",
           {{"type", "BPE"},
            {"unk_token", "<unk>"},
            {"fuse_unk", true},
            {"byte_fallback", true},
            {"vocab", vocab},
            {"merges", {"\u2581 a"}}}}};
}

// Loading `tokenizer` must throw one dt::Error line naming tokenizer.json and containing every needle.
void expect_json_error(const json& tokenizer, std::initializer_list<std::string> needles) {
  test::TempDir dir;
  test::write_file(dir / "tokenizer.json", tokenizer.dump());
  try {
    load_tokenizer(dir.path());
    FAIL() << "expected an error for " << tokenizer.dump().substr(0, 200);
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find((dir / "tokenizer.json").string()), std::string::npos) << message;
    for (const auto& needle : needles) EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

TEST(ModernTokenizerInputs, ByteFallbackBaselineLoads) {
  test::TempDir dir;
  test::write_file(dir / "tokenizer.json", byte_fallback_tokenizer().dump());
  const auto tokenizer = load_tokenizer(dir.path());
  // "a b" -> "▁a▁b": "▁a" merges, "▁" and "b" stay; "é" is not a token: its two UTF-8 bytes.
  EXPECT_EQ(tokenizer->encode("a b", false), (Ids{260, 257, 259}));
  EXPECT_EQ(tokenizer->encode("é", false), (Ids{257, 1 + 0xC3, 1 + 0xA9}));
  EXPECT_EQ(tokenizer->decode({257, 1 + 0xC3, 1 + 0xA9}), "\u2581é");
}

// Without byte_fallback an unknown character is <unk>, one for a whole run when fuse_unk (HF's merge_word).
TEST(ModernTokenizerInputs, UnknownCharactersWithoutByteFallback) {
  for (const bool fuse : {true, false}) {
    test::TempDir dir;
    json tokenizer = byte_fallback_tokenizer();
    tokenizer["model"]["byte_fallback"] = false;
    tokenizer["model"]["fuse_unk"] = fuse;
    test::write_file(dir / "tokenizer.json", tokenizer.dump());
    const Ids ids = load_tokenizer(dir.path())->encode("aé€b ñ", false);  // "▁aé€b▁ñ"
    EXPECT_EQ(ids, fuse ? (Ids{260, 0, 259, 257, 0}) : (Ids{260, 0, 0, 259, 257, 0})) << fuse;
  }
}

TEST(ModernTokenizerInputs, ByteFallbackWithoutAByteToken) {
  json tokenizer = byte_fallback_tokenizer();
  tokenizer["model"]["vocab"].erase("<0x41>");
  expect_json_error(tokenizer, {"model.vocab", "'<0x41>' is missing"});
}

TEST(ModernTokenizerInputs, UnknownNormalizer) {
  json tokenizer = byte_fallback_tokenizer();
  tokenizer["normalizer"]["normalizers"][1] = {{"type", "Lowercase"}};
  expect_json_error(tokenizer, {"normalizer.normalizers[1].type", "\"Lowercase\" is not supported"});
}

TEST(ModernTokenizerInputs, MergeOfNeitherForm) {
  json tokenizer = byte_fallback_tokenizer();
  tokenizer["model"]["merges"] = {"\u2581 a", json::array({"a"})};
  expect_json_error(tokenizer, {"model.merges[1]", "expected \"left right\" or [\"left\", \"right\"]"});
  tokenizer["model"]["merges"] = {42};
  expect_json_error(tokenizer, {"model.merges[0]"});
}

TEST(ModernTokenizerInputs, OtherRefusals) {
  json regex_replace = byte_fallback_tokenizer();
  regex_replace["normalizer"]["normalizers"][1]["pattern"] = {{"Regex", " +"}};
  expect_json_error(regex_replace, {"normalizer.normalizers[1].pattern", "Regex pattern is not supported"});

  json bad_scheme = byte_fallback_tokenizer();
  bad_scheme["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "\u2581"}, {"prepend_scheme", "sometimes"}};
  expect_json_error(bad_scheme, {"pre_tokenizer.prepend_scheme", "\"always\", \"first\" or \"never\""});

  json long_replacement = byte_fallback_tokenizer();
  long_replacement["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "__"}};
  expect_json_error(long_replacement, {"pre_tokenizer.replacement", "exactly one character"});

  json with_byte_level = byte_fallback_tokenizer();
  with_byte_level["pre_tokenizer"] = {{"type", "ByteLevel"}};
  expect_json_error(with_byte_level, {"model.byte_fallback", "ByteLevel"});

  json unknown_decoder = byte_fallback_tokenizer();
  unknown_decoder["decoder"]["decoders"][0] = {{"type", "CTC"}};
  expect_json_error(unknown_decoder, {"decoder.decoders[0].type", "\"CTC\" is not supported"});
}

TEST(OnigPattern, WhitespaceAndHexEscapes) {
  EXPECT_EQ(text::icu_pattern_from_onig("\\s+(?!\\S)"), "\\p{White_Space}+(?!\\P{White_Space})");
  EXPECT_EQ(text::icu_pattern_from_onig("[^\\s\\p{L}]\\h\\H"), "[^\\p{White_Space}\\p{L}][0-9A-Fa-f][^0-9A-Fa-f]");
  EXPECT_EQ(text::icu_pattern_from_onig("\\\\s\\\\"), "\\\\s\\\\");  // escaped backslashes stay
  // U+000B and U+0085 are \s to Oniguruma (and HF tokenizers).
  const text::RegexSplit split("\\s+", false, text::SplitBehavior::kRemoved, false, "test");
  std::vector<std::string_view> pieces;
  split.split("a\v\u0085b\u00A0c", pieces);
  EXPECT_EQ(pieces, (std::vector<std::string_view>{"a", "b", "c"}));
  // Oniguruma's ^ and . see only \n as a line end.
  const text::RegexSplit lines("^.", false, text::SplitBehavior::kRemoved, false, "test");
  pieces.clear();
  lines.split("ab\rc\nde", pieces);
  EXPECT_EQ(pieces, (std::vector<std::string_view>{"b\rc\n", "e"}));
}

// LlamaTokenizer(Fast) and GemmaTokenizer(Fast) take BOS and EOS from add_bos_token / add_eos_token, as transformers
// rebuilds their post-processor; other classes keep tokenizer.json's.
TEST(ModernTokenizerInputs, LlamaAndGemmaClassesFollowAddBosAndAddEos) {
  test::TempDir dir;
  std::filesystem::copy_file(kFixtures / "llama2_bpe" / "tokenizer.json", dir / "tokenizer.json");
  json config = read_json_file(kFixtures / "llama2_bpe" / "tokenizer_config.json");
  const auto encode = [&](const json& changes) {
    json changed = config;
    changed.update(changes);
    test::write_file(dir / "tokenizer_config.json", changed.dump());
    return load_tokenizer(dir.path())->encode("hello", true);
  };
  const Ids plain = load_tokenizer(kFixtures / "llama2_bpe")->encode("hello", false);
  const auto with = [&](std::optional<std::int64_t> before, std::optional<std::int64_t> after) {
    Ids ids = plain;
    if (before) ids.insert(ids.begin(), *before);
    if (after) ids.push_back(*after);
    return ids;
  };
  constexpr std::int64_t kBos = 1, kEos = 2;
  EXPECT_EQ(encode(json::object()), with(kBos, std::nullopt));
  EXPECT_EQ(encode({{"add_bos_token", false}}), with(std::nullopt, std::nullopt));
  EXPECT_EQ(encode({{"add_eos_token", true}}), with(kBos, kEos));
  EXPECT_EQ(encode({{"tokenizer_class", "GemmaTokenizerFast"}, {"add_bos_token", false}, {"add_eos_token", true}}),
            with(std::nullopt, kEos));
  EXPECT_EQ(encode({{"tokenizer_class", "PreTrainedTokenizerFast"}, {"add_bos_token", false}}),
            with(kBos, std::nullopt));
  config.erase("add_bos_token");
  EXPECT_EQ(encode(json::object()), with(kBos, std::nullopt));  // add_bos_token defaults to true
}

// A directory with both files: model_type "llama" (or no config.json) reads tokenizer.model, as the reference ran
// LLaMA; the families that ship their own tokenizer.json beside it read that.
TEST(ModernTokenizerInputs, TokenizerModelOrJsonByModelType) {
  test::TempDir dir;
  std::filesystem::copy_file(kFixtures / "gemma" / "tokenizer.json", dir / "tokenizer.json");
  test::write_file(dir / "tokenizer.model", "not a SentencePiece model");
  for (const char* type : {"gemma2", "mistral", "phi3"}) {
    test::write_file(dir / "config.json", json{{"model_type", type}}.dump());
    EXPECT_EQ(load_tokenizer(dir.path())->describe().rfind("BPE with byte fallback", 0), 0u) << type;
  }
  test::write_file(dir / "config.json", json{{"model_type", "llama"}}.dump());
  for (const bool with_config : {true, false}) {
    if (!with_config) std::filesystem::remove(dir / "config.json");
    try {
      load_tokenizer(dir.path());
      FAIL() << "tokenizer.model should have been read";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("tokenizer.model"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace dt
