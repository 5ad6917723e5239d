// parse_bbh_options: the option lines matched by hand, with the regex's backtracking spelled out.
#include "dt/task/bbh_options.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <optional>
#include <vector>

#include "dt/task/python_strings.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

const std::string kOptionsMarker = "\nOptions:\n";

struct OptionLine {
  std::string key, text;
};

// Python 3's \w for one code point: alphanumeric (str.isalnum's categories) or "_".
bool python_word(UChar32 c) {
  if (c == '_') return true;
  const auto type = u_charType(c);
  return u_isalpha(c) || type == U_DECIMAL_DIGIT_NUMBER || type == U_OTHER_NUMBER || type == U_LETTER_NUMBER;
}

// ^\((.+?)\)\w*(.+?)$ on one line: the lazy group 1 ends at the first ")" that leaves the rest matchable; \w* is
// greedy but gives back the last code point when it would swallow the whole rest, since group 2 needs at least one.
// Invalid UTF-8 is not a word character.
std::optional<OptionLine> match_option(const std::string& line) {
  if (line.size() < 4 || line[0] != '(') return std::nullopt;
  for (std::size_t close = line.find(')', 2); close != std::string::npos; close = line.find(')', close + 1)) {
    const std::string rest = line.substr(close + 1);
    if (rest.empty()) continue;
    const auto* s = reinterpret_cast<const uint8_t*>(rest.data());
    const auto n = static_cast<int32_t>(rest.size());
    int32_t at = 0, last = 0;  // the end of the word characters, and the start of the last one
    bool all_word = true;
    while (at < n) {
      int32_t next = at;
      UChar32 c;
      U8_NEXT(s, next, n, c);
      if (c < 0 || !python_word(c)) {
        all_word = false;
        break;
      }
      last = at;
      at = next;
    }
    const auto start = static_cast<std::size_t>(all_word ? last : at);
    return OptionLine{python_strip(line.substr(1, close - 1)), python_strip(rest.substr(start))};
  }
  return std::nullopt;
}

std::string string_column(const nlohmann::json& row, const char* name, const std::string& where) {
  const auto it = row.find(name);
  if (it == row.end() || !it->is_string())
    fail(where, std::string("bbh_options: column '") + name + "' is missing or not a string");
  return it->get<std::string>();
}

}  // namespace

nlohmann::json parse_bbh_options(nlohmann::json row, const std::string& where) {
  const auto input = string_column(row, "input", where);
  const auto target = string_column(row, "target", where);
  const auto cut = input.rfind(kOptionsMarker);
  if (cut == std::string::npos) fail(where, "bbh_options: the input has no \"\\nOptions:\\n\"");
  if (input.find(kOptionsMarker) != cut) fail(where, "bbh_options: the input has \"\\nOptions:\\n\" more than once");
  std::vector<std::string> options;
  std::optional<std::string> answer_text;
  const auto rest = input.substr(cut + kOptionsMarker.size());
  for (std::size_t start = 0; start <= rest.size();) {
    const auto end = std::min(rest.find('\n', start), rest.size());
    if (const auto option = match_option(rest.substr(start, end - start))) {
      options.push_back(option->text);
      if (target.find(option->key) != std::string::npos) answer_text = option->text;
    }
    start = end + 1;
  }
  nlohmann::json answer_index = nullptr;
  if (answer_text)
    for (std::size_t i = 0; i < options.size(); ++i)
      if (options[i] == *answer_text) {
        answer_index = i;
        break;
      }
  row["query"] = input.substr(0, cut);
  row["options"] = options;
  row["answer_index"] = answer_index;
  return row;
}

}  // namespace dt
