// LLaMA's SentencePiece tokenizer: a model trained here with libsentencepiece's own trainer on the sample text is
// loaded through load_tokenizer (tokenizer.model wins over other files), encodes as the library does with the dummy
// prefix, adds BOS only with add_special_tokens (and EOS when tokenizer_config.json asks), and decodes back.
#include <gtest/gtest.h>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include "../test_support.h"
#include "dt/text/tokenizer.h"
#include "dt/util/error.h"

namespace dt {
namespace {

const std::filesystem::path kSample = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "data" / "sample";

class SentencePiece : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // LLaMA-style: BPE with byte fallback and no normalisation; the trainer reads one sentence per line
    const auto corpus = test::read_file(kSample / "sst2" / "train.jsonl") +
                        test::read_file(kSample / "copa" / "train.jsonl") +
                        test::read_file(kSample / "sst2" / "validation.jsonl");
    test::write_file(*dir_ / "corpus.txt", corpus);
    const auto status = sentencepiece::SentencePieceTrainer::Train(
        "--input=" + (*dir_ / "corpus.txt").string() + " --model_prefix=" + (*dir_ / "tokenizer").string() +
        " --vocab_size=400 --model_type=bpe --bos_id=1 --eos_id=2 --unk_id=0 --pad_id=-1 --byte_fallback=true "
        "--normalization_rule_name=identity --remove_extra_whitespaces=false --minloglevel=2");
    if (!status.ok()) setup_error_ = "sentencepiece training failed: " + status.ToString();
  }
  static void TearDownTestSuite() { delete dir_; }
  // A failure in SetUpTestSuite would only mark the tests skipped; this makes each of them fail instead.
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static test::TempDir* dir_;
  static std::string setup_error_;
};

test::TempDir* SentencePiece::dir_ = nullptr;
std::string SentencePiece::setup_error_;

TEST_F(SentencePiece, EncodesLikeLlamaTokenizer) {
  test::TempDir model;
  std::filesystem::copy(*dir_ / "tokenizer.model", model / "tokenizer.model");
  test::write_file(model / "tokenizer.json", "{ this file is ignored: tokenizer.model comes first }");
  const auto tok = load_tokenizer(model.path());
  sentencepiece::SentencePieceProcessor reference;
  ASSERT_TRUE(reference.Load((*dir_ / "tokenizer.model").string()).ok());
  for (const std::string text : {"Review: a warm film\nSentiment: positive", "The glass fell off the table because",
                                 " leading space", "é ü 字"}) {
    std::vector<int> pieces;
    ASSERT_TRUE(reference.Encode(text, &pieces).ok());
    const std::vector<std::int64_t> expected(pieces.begin(), pieces.end());
    EXPECT_EQ(tok->encode(text, false), expected) << text;
    auto with_bos = expected;
    with_bos.insert(with_bos.begin(), 1);
    EXPECT_EQ(tok->encode(text, true), with_bos) << text;
    EXPECT_EQ(tok->decode(tok->encode(text, false)), text);
  }
  EXPECT_EQ(tok->bos_id(), 1);
  EXPECT_EQ(tok->eos_id(), 2);
  EXPECT_EQ(tok->vocab_size(), 400);
  // the dummy prefix: "film" is encoded as "▁film", so " film" is one more "▁" followed by the same pieces
  const auto bare = tok->encode("film", false), spaced = tok->encode(" film", false);
  ASSERT_EQ(spaced.size(), bare.size() + 1);
  EXPECT_TRUE(std::equal(bare.begin(), bare.end(), spaced.begin() + 1));
}

TEST_F(SentencePiece, TokenizerConfigControlsBosAndEos) {
  test::TempDir model;
  std::filesystem::copy(*dir_ / "tokenizer.model", model / "tokenizer.model");
  test::write_file(model / "tokenizer_config.json", R"({"add_bos_token": false, "add_eos_token": true})");
  const auto tok = load_tokenizer(model.path());
  const auto plain = tok->encode("a warm film", false);
  auto expected = plain;
  expected.push_back(2);
  EXPECT_EQ(tok->encode("a warm film", true), expected);
}

TEST_F(SentencePiece, BrokenModelIsAnErrorNamingTheFile) {
  test::TempDir model;
  test::write_file(model / "tokenizer.model", "not a protobuf");
  try {
    load_tokenizer(model.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tokenizer.model"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dt
