// demo_reorderings (see demo_reorderings.h).
#include "dt/cell/demo_reorderings.h"

#include <algorithm>

#include "dt/task/demo_orders.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;

// [begin, end) token ranges of each example in `ids`, after the tokens the tokenizer puts before any text.
std::vector<std::pair<std::size_t, std::size_t>> example_spans(const Tokenizer& tokenizer, const CellPrompts& prompts,
                                                               const Ids& ids) {
  const auto& pieces = prompts.demonstration_pieces;
  std::string whole;
  for (const auto& piece : pieces) whole += piece;
  if (whole != prompts.demonstration)
    throw Error("order-average reorders a plain demonstration, not one written several times (repeat:R)");
  const auto text_ids = tokenizer.encode(whole, false);
  if (text_ids.size() > ids.size() || !std::equal(text_ids.rbegin(), text_ids.rend(), ids.rbegin()))
    throw Error("order-average cannot reorder this demonstration: its " + std::to_string(ids.size()) +
                " tokens do not end with the " + std::to_string(text_ids.size()) +
                " tokens of its text (cut to demo_max_tokens, or a tokenizer that appends special tokens)");
  const auto start = ids.size() - text_ids.size();
  std::vector<std::size_t> targets;  // the characters before each example but the first
  for (std::size_t p = 0, n = 0; p + 1 < pieces.size(); ++p) targets.push_back(n += pieces[p].size());
  std::vector<std::size_t> bounds{start};
  for (std::size_t j = start; j <= ids.size() && bounds.size() <= targets.size(); ++j) {
    const auto decoded = tokenizer.decode(
        Ids(ids.begin() + static_cast<std::ptrdiff_t>(start), ids.begin() + static_cast<std::ptrdiff_t>(j)));
    if (decoded == std::string_view(whole).substr(0, targets[bounds.size() - 1])) bounds.push_back(j);
  }
  if (bounds.size() <= targets.size())
    throw Error(
        "order-average needs every demonstration to start on a token boundary, but this tokenizer joins "
        "demonstrations " +
        std::to_string(bounds.size()) + " and " + std::to_string(bounds.size() + 1) + " into one token");
  bounds.push_back(ids.size());
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t i = 0; i + 1 < bounds.size(); ++i) spans.emplace_back(bounds[i], bounds[i + 1]);
  return spans;
}

}  // namespace

std::vector<DemoReordering> demo_reorderings(const Tokenizer& tokenizer, const CellPrompts& prompts,
                                             const Ids& demo_ids, std::uint64_t seed, std::int64_t orders) {
  if (orders <= 1) return {};
  const auto spans = example_spans(tokenizer, prompts, demo_ids);
  const auto start = spans.empty() ? demo_ids.size() : spans.front().first;
  std::vector<DemoReordering> out;
  const auto all = seeded_demo_orders(seed, static_cast<std::int64_t>(spans.size()), orders);
  for (std::size_t r = 1; r < all.size(); ++r) {
    DemoReordering reordering;
    reordering.ids.assign(demo_ids.begin(), demo_ids.begin() + static_cast<std::ptrdiff_t>(start));
    reordering.source.resize(demo_ids.size());
    for (std::size_t j = 0; j < start; ++j) reordering.source[j] = static_cast<std::int64_t>(j);
    for (const auto example : all[r]) {
      const auto [begin, end] = spans[static_cast<std::size_t>(example)];
      for (auto j = begin; j < end; ++j) {
        reordering.source[j] = static_cast<std::int64_t>(reordering.ids.size());
        reordering.ids.push_back(demo_ids[j]);
      }
    }
    out.push_back(std::move(reordering));
  }
  return out;
}

}  // namespace dt
