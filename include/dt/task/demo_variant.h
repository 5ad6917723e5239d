// DemoVariant: what a cell does to its k demonstrations before anything is forwarded, the baselines of the
// protocols grid (issue #51 of the authors' repository asks for the last two):
//   plain      the demonstrations as selected (ICL at step 1, Deep-Thinking after it);
//   repeat:R   the demonstration string written R times in one prompt (R >= 2), "more copies of the same examples";
//              a baseline scored once (steps = 1): with R = T it forwards the demonstrations as often as T steps do;
//   flipped    every demonstration's label replaced by another choice's: for each demonstration in order,
//              random.Random(seed).choice(<its choice indices but the gold one>) on a generator of its own.
// Zero-shot is k = 0 with the plain variant (no demonstration; scored once). LibTorch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dt/task/example.h"

namespace dt {

struct DemoVariant {
  enum class Kind { Plain, Repeated, Flipped };
  Kind kind = Kind::Plain;
  std::int64_t repeats = 1;  // Repeated: R >= 2

  // "plain", "repeat:R" or "flipped"; throws dt::Error naming `where` otherwise.
  static DemoVariant parse(const std::string& text, const std::string& where);
  std::string name() const;   // the text parse() reads back
  std::string label() const;  // for tables: "", "repeat×R", "flipped"
  bool plain() const { return kind == Kind::Plain; }
  bool operator==(const DemoVariant&) const = default;
};

// The flipped answers of `demonstrations` (each one's index replaced as above); throws dt::Error naming `where` for
// a demonstration with a single choice, which has no other label.
std::vector<std::int64_t> flipped_answers(const std::vector<Example>& demonstrations, std::uint64_t seed,
                                          const std::string& where);

}  // namespace dt
