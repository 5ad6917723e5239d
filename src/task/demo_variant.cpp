// DemoVariant parsing and naming, and the seeded label flips.
#include "dt/task/demo_variant.h"

#include "dt/data/python_random.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

namespace {

// Each kind's spelling in configs (name) and in tables (label); a repeated variant appends its count to both.
struct Spelling {
  DemoVariant::Kind kind;
  const char* name;
  const char* label;
};
constexpr Spelling kSpellings[] = {{DemoVariant::Kind::Plain, "plain", ""},
                                   {DemoVariant::Kind::Repeated, "repeat:", "repeat\u00d7"},
                                   {DemoVariant::Kind::Flipped, "flipped", "flipped"}};

const Spelling& spelling(DemoVariant::Kind kind) {
  for (const auto& s : kSpellings)
    if (s.kind == kind) return s;
  throw Error("internal: a demonstrations variant without a spelling");
}

}  // namespace

DemoVariant DemoVariant::parse(const std::string& text, const std::string& where) {
  if (text == spelling(Kind::Plain).name) return {};
  if (text == spelling(Kind::Flipped).name) return {Kind::Flipped, 1};
  const std::string repeat = spelling(Kind::Repeated).name;
  if (text.rfind(repeat, 0) == 0) {
    const auto digits = text.substr(repeat.size());
    if (!digits.empty() && digits.size() <= 6 && digits.find_first_not_of("0123456789") == std::string::npos) {
      const auto repeats = std::stoll(digits);
      if (repeats >= 2) return {Kind::Repeated, repeats};
    }
    fail(where, "demonstrations " + quote_text(text) + ": repeat:R needs a whole number R from 2 to 999999");
  }
  fail(where, "unknown demonstrations variant " + quote_text(text) + " (plain, repeat:R or flipped)");
}

std::string DemoVariant::name() const {
  return spelling(kind).name + (kind == Kind::Repeated ? std::to_string(repeats) : std::string());
}

std::string DemoVariant::label() const {
  return spelling(kind).label + (kind == Kind::Repeated ? std::to_string(repeats) : std::string());
}

std::vector<std::int64_t> flipped_answers(const std::vector<Example>& demonstrations, std::uint64_t seed,
                                          const std::string& where) {
  PythonRandom rng(seed);
  std::vector<std::int64_t> out;
  for (const auto& demo : demonstrations) {
    std::vector<std::int64_t> others;
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(demo.choices.size()); ++c)
      if (c != demo.answer) others.push_back(c);
    if (others.empty())
      fail(where, "row " + std::to_string(demo.row) + " has a single choice: its label cannot be flipped");
    out.push_back(others[static_cast<std::size_t>(rng.randbelow(static_cast<std::int64_t>(others.size())))]);
  }
  return out;
}

}  // namespace dt
