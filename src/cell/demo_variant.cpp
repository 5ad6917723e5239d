// DemoVariant parsing and naming, and the seeded label flips.
#include "dt/cell/demo_variant.h"

#include "dt/data/python_random.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

DemoVariant DemoVariant::parse(const std::string& text, const std::string& where) {
  if (text == "plain") return {};
  if (text == "flipped") return {Kind::Flipped, 1};
  if (text.rfind("repeat:", 0) == 0) {
    const auto digits = text.substr(7);
    if (!digits.empty() && digits.size() <= 6 && digits.find_first_not_of("0123456789") == std::string::npos) {
      const auto repeats = std::stoll(digits);
      if (repeats >= 2) return {Kind::Repeated, repeats};
    }
    fail(where, "demonstrations " + quote_text(text) + ": repeat:R needs a whole number R from 2 to 999999");
  }
  fail(where, "unknown demonstrations variant " + quote_text(text) + " (plain, repeat:R or flipped)");
}

std::string DemoVariant::name() const {
  switch (kind) {
    case Kind::Repeated: return "repeat:" + std::to_string(repeats);
    case Kind::Flipped: return "flipped";
    case Kind::Plain: break;
  }
  return "plain";
}

std::string DemoVariant::label() const {
  switch (kind) {
    case Kind::Repeated: return "repeat\u00d7" + std::to_string(repeats);
    case Kind::Flipped: return "flipped";
    case Kind::Plain: break;
  }
  return "";
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
