// Demonstration and eval-sample selection, seeded exactly as the reference run: one CPython `random.Random(seed)`
// stream per run, first the optional eval sample, then the demonstrations (stratified: `sample` k rows of every label
// in order of first appearance, concatenated and shuffled; random: `sample` k rows of the whole pool). The same seed
// gives the same indices as the reference. Only indices go in and out: reading rows and building prompts live
// elsewhere.
#pragma once

#include <cstdint>
#include <vector>

namespace dt {

struct SelectionRequest {
  std::uint64_t seed = 0;
  std::int64_t k = 1;                     // shots per label (stratified) or total shots (random)
  bool stratified = false;                // false: random selection from the whole pool
  std::vector<std::int64_t> pool_labels;  // answer index of every pool row, in file order; its size is the pool size
  std::int64_t eval_rows = 0;             // rows in the eval split
  std::int64_t eval_sample_size = 0;      // 0 = no eval sample (use the eval split in file order)
  // false: one stream, the eval sample and then the demonstrations (the released v1 code). true: each of the two draws
  // from a fresh random.Random(seed) (the authors' later code).
  bool fresh_stream_per_draw = false;
  // > 0 (stratified): the labels the task has. The later code splits label-count x k shots over the labels the pool
  // has and draws the rest from a Python set, whose order dt does not reproduce: a pool that lacks one of them is an
  // error.
  std::int64_t label_count = 0;
};

struct Selection {
  std::vector<std::int64_t> eval_sample_indices;  // empty when no eval sample was drawn
  std::vector<std::int64_t> demo_pool_indices;    // in demonstration order
};

// Draws the eval sample (min(eval_sample_size, eval_rows) rows, so a short split is permuted whole) and then the
// demonstrations from one stream. A label with fewer than k pool rows, k larger than the pool, or a negative count is
// a dt::Error. k = 0 selects no demonstrations and draws nothing.
Selection select_demonstrations(const SelectionRequest& request);

}  // namespace dt
