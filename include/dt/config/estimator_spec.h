// Which pseudo-gradient a Deep-Thinking step feeds its meta-optimizer, as command lines and sweep configs name it.
// LibTorch-free; think/pseudo_gradient.h computes them. With KV_{t-1} the cache and L the demonstration's length, every
// estimator forwards the demonstration again with KV_{t-1} as past and takes the K/V of that copy as N_t; the
// meta-optimizer's gradient is g_t = N_t - KV_{t-1}. They differ in what that forward sees:
//   released          the authors' code: the copy at positions L..2L-1 (docs/algorithm.md)
//   position-matched  the copy at positions 0..L-1, the positions of the keys it updates, so that g_t holds no
//                     position shift (rotary phase, learned position vectors), only what the past changed
//   layer-sequential  layer l's N_t comes from a forward in which layers 0..l-1 are already updated at this step
//                     (L forwards of the demonstration per step for an L-layer model; Gauss-Seidel to released's
//                     Jacobi)
//   order-average:R   N_t averaged over R orders of the demonstrations (task/demo_orders.h: order 0 as shown, then R-1
//                     seeded shuffles), each copy's K/V moved back to its example's positions in the cache
//                     (aligned example by example); R = 1 is released exactly
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dt {

struct EstimatorSpec {
  enum class Kind { Released, PositionMatched, LayerSequential, OrderAverage };
  Kind kind = Kind::Released;
  std::int64_t orders = 1;  // OrderAverage: R >= 1

  // "released", "position-matched", "layer-sequential" or "order-average:R"; throws dt::Error naming `where`.
  static EstimatorSpec parse(const std::string& text, const std::string& where);
  std::string name() const;     // the text parse() reads back
  std::string grid_id() const;  // the part of a grid cell's id: "" for released, "posm", "lseq", "ord4"
  bool released() const { return kind == Kind::Released; }
  // Forwards of the demonstration per thinking step, for a model with `layers` layers.
  std::int64_t forwards_per_step(std::int64_t layers) const;
  bool operator==(const EstimatorSpec&) const = default;
};

// The names parse() accepts, for help texts: "released, position-matched, layer-sequential, order-average:R".
std::string estimator_names();

// The [[estimators]] tables of a sweep config, each `kind = "NAME"` and, for order-average, `orders = R` (an integer
// or a list of them, each one value of the axis). Without tables: released only. Throws dt::Error naming `file` and
// the key.
std::vector<EstimatorSpec> read_estimator_tables(const toml::node* tables, const std::filesystem::path& file);

}  // namespace dt
