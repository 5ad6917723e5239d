// Ragged batching (make_packed_batch, the fast scorer): the mask and positions of a packed row written out by hand,
// and for every architecture the fast mode's scores, with every query packed into one row or each segment alone,
// equal to the reference mode's padded full sequences (prompts shared by their choices, multi-token choices
// continued after their prompt, and a query whose choices condition on different tokens); and a packed row that takes
// the segmented attention equals each of its segments forwarded alone; a repeated choice ties exactly.
#include <gtest/gtest.h>

#include <memory>

#include "dt/model/forward_batch.h"
#include "dt/model/registry.h"
#include "dt/score/choice_scorer.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/think/thinker.h"
#include "dt/util/error.h"
#include "model/segmented_attention.h"
#include "score/token_log_probs.h"
#include "test_support.h"

namespace dt {
namespace {

TEST(PackedBatch, MaskAndPositionsAreBlockDiagonalAfterEachSegmentsPast) {
  // past: 3 exemplar keys (positions 0..2) and 2 prompt keys (positions 3, 4); new: segment A (2 tokens at 3) sees the
  // exemplar, segment B (3 tokens at 5) the exemplar and the prompt
  const auto ids = at::tensor(std::vector<std::int64_t>{1, 2, 3, 4, 5}, at::kLong).view({1, 5});
  const auto batch = make_packed_batch(ids, {{0, 2, 3, {{0, 3}}}, {2, 3, 5, {{0, 3}, {3, 5}}}}, {0, 1, 2, 3, 4});
  EXPECT_EQ(
      std::vector<std::int64_t>(batch.positions.data_ptr<std::int64_t>(), batch.positions.data_ptr<std::int64_t>() + 5),
      (std::vector<std::int64_t>{3, 4, 5, 6, 7}));
  EXPECT_EQ(std::vector<std::int64_t>(batch.key_positions.data_ptr<std::int64_t>(),
                                      batch.key_positions.data_ptr<std::int64_t>() + 10),
            (std::vector<std::int64_t>{0, 1, 2, 3, 4, 3, 4, 5, 6, 7}));
  const std::vector<std::vector<int>> expected = {
      {1, 1, 1, 0, 0, 1, 0, 0, 0, 0},  // A0: exemplar, itself
      {1, 1, 1, 0, 0, 1, 1, 0, 0, 0},  // A1: exemplar, A0, itself
      {1, 1, 1, 1, 1, 0, 0, 1, 0, 0},  // B0: exemplar, prompt, itself; not A
      {1, 1, 1, 1, 1, 0, 0, 1, 1, 0}, {1, 1, 1, 1, 1, 0, 0, 1, 1, 1},
  };
  const auto attend = batch.attend.to(at::kInt);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 10; ++j) EXPECT_EQ(attend[0][i][j].item<int>(), expected[i][j]) << i << "," << j;
  EXPECT_THROW(make_packed_batch(ids, {{0, 2, 3, {{0, 3}}}}, {0, 1, 2}), Error);  // does not tile
  EXPECT_THROW(make_packed_batch(ids, {{0, 5, 3, {{0, 9}}}}, {0, 1, 2}), Error);  // past range outside
}

class PackedScoring : public ::testing::TestWithParam<std::string> {
 protected:
  // A 2-layer synthetic checkpoint of the architecture under test, written into `dir` and loaded.
  std::unique_ptr<DecoderLM> tiny_model(const test::TempDir& dir, std::uint64_t seed) const {
    SyntheticModelSpec spec;
    spec.arch = GetParam();
    spec.layers = 2;
    spec.hidden = GetParam() == "bloom" ? 48 : 32;
    spec.heads = GetParam() == "bloom" ? 6 : 4;
    spec.vocab = 97;
    spec.positions = 64;
    spec.seed = seed;
    write_synthetic_checkpoint(spec, dir / "m");
    return load_model(dir / "m", {});
  }
};

TEST_P(PackedScoring, FastModeEqualsTheReferenceModeWhateverThePacking) {
  test::TempDir dir;
  const auto model = tiny_model(dir, 5);
  Thinker thinker(*model, {5, 17, 3, 44, 9, 60, 2, 31}, {});
  const auto& kv = thinker.step();
  const std::vector<QueryChoices> queries = {
      {{{{7, 8, 9, 10}, 3, 4}, {{7, 8, 9, 11, 12}, 3, 5}}},              // shared prompt, a 2-token choice
      {{{{20, 21}, 1, 2}, {{20, 22, 23, 24}, 1, 4}, {{20, 25}, 1, 2}}},  // a 3-token choice
      {{{{30, 31, 32}, 2, 3}, {{30, 33, 34, 35}, 2, 4}}},                // choices after different prompts
      {{{{40, 41, 42, 43, 44, 45}, 5, 6}, {{40, 41, 42, 43, 44, 46, 47}, 5, 7}}},
  };
  ScoringOptions reference;
  reference.mode = ScoringMode::Reference;
  const auto expected = score_choices(*model, kv, queries, reference);
  for (const std::int64_t budget : {1, 7, 1000}) {
    ScoringOptions fast;
    fast.token_budget = budget;
    ScoringStats stats;
    const auto got = score_choices(*model, kv, queries, fast, &stats);
    EXPECT_EQ(stats.pad_tokens, 0) << budget;
    EXPECT_EQ(stats.fallback_queries, 1) << budget;
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t q = 0; q < got.size(); ++q)
      for (std::size_t c = 0; c < got[q].lm_log_p.size(); ++c)
        EXPECT_NEAR(got[q].lm_log_p[c], expected[q].lm_log_p[c], 1e-4)
            << GetParam() << " budget " << budget << " query " << q;
  }
}

// A query that lists one option twice (BBH does): the copy gets the first one's token log-probs, whatever the rows it
// was scored in gave it (rounding differs with a row's place in a pack), so the two tie exactly and the first wins, as
// in the reference. Here the copy's own rows are made better on purpose.
TEST(TokenLogProbs, ARepeatedChoiceTakesTheFirstOnesScores) {
  const QueryChoices repeated{{{{7, 8, 9, 10, 11}, 3, 5}, {{7, 8, 9, 12, 13}, 3, 5}, {{7, 8, 9, 10, 11}, 3, 5}}};
  scoring::TokenLogProbs log_probs({repeated});
  auto table = at::full({6, 20}, -5.0f);
  std::vector<scoring::RowRequest> requests;
  const float own[3][2] = {{-0.1f, -0.2f}, {-0.3f, -0.4f}, {-0.05f, -0.05f}};
  for (std::int32_t c = 0; c < 3; ++c)
    for (std::int32_t t = 0; t < 2; ++t) {
      const auto row = 2 * c + t;
      const auto target = repeated.choices[static_cast<std::size_t>(c)].ids[static_cast<std::size_t>(3 + t)];
      table[row][target] = own[c][t];
      requests.push_back({row, target, 0, c, t});
    }
  log_probs.take_log_probs(table, requests);
  const auto scores = log_probs.scores().at(0);
  EXPECT_EQ(scores.lm_log_p[2], scores.lm_log_p[0]);
  EXPECT_NEAR(scores.lm_log_p[0], -0.3, 1e-6);
  EXPECT_EQ(scores.norm_lm_log_p[2], scores.norm_lm_log_p[0]);
  EXPECT_EQ(scores.pred_lm_log_p, 0);
  EXPECT_EQ(scores.pred_norm_lm_log_p, 0);
}

// Six 2-token segments after an 8-token exemplar: a layout for which the forward takes the segmented attention (its
// plan is checked to exist); every segment's hidden states equal those of the segment forwarded alone.
TEST_P(PackedScoring, SegmentedAttentionInsideTheModelEqualsEachSegmentAlone) {
  test::TempDir dir;
  const auto model = tiny_model(dir, 9);
  Thinker thinker(*model, {5, 17, 3, 44, 9, 60, 2, 31}, {});
  const auto& kv = thinker.step();
  std::vector<std::int64_t> ids, past_positions = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<PackedSegment> segments;
  for (std::int64_t s = 0; s < 6; ++s) {
    ids.insert(ids.end(), {10 + s, 40 + s});
    segments.push_back({2 * s, 2, 8, {{0, 8}}});
  }
  const auto batch = make_packed_batch(at::tensor(ids, at::kLong).view({1, 12}), segments, past_positions);
  ASSERT_TRUE(blocks::plan_segmented_keys(batch, 8)) << "the layout should take the segmented path";
  const auto packed = model->forward(batch, PastKV{&kv}).hidden;
  for (std::int64_t s = 0; s < 6; ++s) {
    const auto alone =
        model
            ->forward(
                make_causal_batch(at::tensor(std::vector<std::int64_t>{10 + s, 40 + s}, at::kLong).view({1, 2}), 8),
                PastKV{&kv})
            .hidden;
    EXPECT_TRUE(at::allclose(packed.narrow(1, 2 * s, 2), alone, 1e-5, 1e-5)) << GetParam() << " segment " << s;
  }
}

INSTANTIATE_TEST_SUITE_P(Models, PackedScoring,
                         ::testing::Values("gpt2", "opt", "llama", "gpt_neo", "gptj", "bloom", "gpt_neox", "mistral",
                                           "qwen2", "qwen3", "phi3", "gemma2", "gemma3_text"));

}  // namespace
}  // namespace dt
