// TextTemplate: compile once, render per row.
#include "dt/task/text_template.h"

#include <algorithm>
#include <cctype>

#include "dt/task/python_strings.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

const std::vector<std::string> kFilters = {"strip", "drop_final_period", "before",         "after",        "map",
                                           "lower", "index_from_letter", "index_from_one", "remove_suffix"};
bool needs_argument(const std::string& f) {
  return f == "before" || f == "after" || f == "map" || f == "remove_suffix";
}

std::string scalar_text(const nlohmann::json& v, const std::string& path, const std::string& where) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  fail(where, "column '" + path + "' is not a string or an integer");
}

std::string apply(const std::string& name, const std::string& arg, std::string value, const std::string& where) {
  if (name == "strip") return python_strip(value);
  if (name == "drop_final_period") {
    if (!value.empty() && value.back() == '.') value.pop_back();
    return value;
  }
  if (name == "before" || name == "after") {
    const auto pos = value.find(arg);
    if (pos == std::string::npos) fail(where, quote_text(arg) + " not found in " + quote_text(value));
    return name == "before" ? value.substr(0, pos) : value.substr(pos + arg.size());
  }
  if (name == "remove_suffix") {
    if (value.size() >= arg.size() && value.compare(value.size() - arg.size(), arg.size(), arg) == 0)
      value.resize(value.size() - arg.size());
    return value;
  }
  if (name == "map") {
    std::string fallback;
    bool has_fallback = false;
    std::size_t start = 0;
    while (start <= arg.size()) {
      const auto comma = std::min(arg.find(',', start), arg.size());
      const auto item = arg.substr(start, comma - start);
      const auto eq = item.find('=');
      const auto key = item.substr(0, eq), replacement = item.substr(eq + 1);
      if (key == value) return replacement;
      if (key == "*") {
        fallback = replacement;
        has_fallback = true;
      }
      start = comma + 1;
    }
    if (!has_fallback) fail(where, "value " + quote_text(value) + " has no entry in " + quote_text("map:" + arg));
    return fallback;
  }
  if (name == "lower") {
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    return value;
  }
  if (name == "index_from_letter") {
    if (value.size() != 1 || value[0] < 'A' || value[0] > 'Z') fail(where, quote_text(value) + " is not a letter A-Z");
    return std::to_string(value[0] - 'A');
  }
  if (name == "index_from_one") {
    try {
      std::size_t used = 0;
      const long long n = std::stoll(value, &used);
      if (used != value.size() || n < 1) throw std::invalid_argument(value);
      return std::to_string(n - 1);
    } catch (const std::exception&) {
      fail(where, quote_text(value) + " is not an integer >= 1");
    }
  }
  throw Error("internal: unknown filter " + name);
}

}  // namespace

const nlohmann::json* find_path(const nlohmann::json& row, std::string_view path) {
  const nlohmann::json* node = &row;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
    if (dot == std::string_view::npos) return node;
    start = dot + 1;
  }
}

TextTemplate::TextTemplate(std::string source, const std::string& where) : source_(std::move(source)) {
  std::string literal;
  for (std::size_t i = 0; i < source_.size(); ++i) {
    const char c = source_[i];
    if ((c == '{' || c == '}') && i + 1 < source_.size() && source_[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c == '}') fail(where, "unmatched '}' in template " + quote_text(source_));
    if (c != '{') {
      literal += c;
      continue;
    }
    const auto close = source_.find('}', i);
    if (close == std::string::npos) fail(where, "unclosed '{' in template " + quote_text(source_));
    if (!literal.empty()) pieces_.push_back({true, std::move(literal), {}});
    literal.clear();
    const auto body = source_.substr(i + 1, close - i - 1);
    Piece piece{false, {}, {}};
    std::size_t start = 0;
    bool first = true;
    while (start <= body.size()) {
      const auto bar = std::min(body.find('|', start), body.size());
      const auto part = body.substr(start, bar - start);
      if (first) {
        if (part.empty()) fail(where, "empty placeholder in template " + quote_text(source_));
        piece.text = part;
        first = false;
      } else {
        const auto colon = part.find(':');
        Filter f{part.substr(0, colon), colon == std::string::npos ? "" : part.substr(colon + 1)};
        if (std::find(kFilters.begin(), kFilters.end(), f.name) == kFilters.end())
          fail(where, "unknown filter '" + f.name + "' in template " + quote_text(source_));
        if (needs_argument(f.name) && f.argument.empty())
          fail(where,
               "filter '" + f.name + "' needs an argument (" + f.name + ":...) in template " + quote_text(source_));
        piece.filters.push_back(std::move(f));
      }
      start = bar + 1;
    }
    pieces_.push_back(std::move(piece));
    i = close;
  }
  if (!literal.empty()) pieces_.push_back({true, std::move(literal), {}});
}

bool TextTemplate::uses(std::string_view path) const {
  return std::any_of(pieces_.begin(), pieces_.end(), [&](const Piece& p) { return !p.literal && p.text == path; });
}

std::vector<std::string> TextTemplate::paths() const {
  std::vector<std::string> out;
  for (const auto& p : pieces_)
    if (!p.literal && p.text != "choice" && std::find(out.begin(), out.end(), p.text) == out.end())
      out.push_back(p.text);
  return out;
}

std::string TextTemplate::render(const nlohmann::json& row, const std::string* choice,
                                 const std::string& row_where) const {
  std::string out;
  for (const auto& piece : pieces_) {
    if (piece.literal) {
      out += piece.text;
      continue;
    }
    std::string value;
    if (piece.text == "choice") {
      if (choice == nullptr)
        fail(row_where, "template " + quote_text(source_) + " uses {choice} where no choice is given");
      value = *choice;
    } else {
      const auto* v = find_path(row, piece.text);
      if (v == nullptr || v->is_null()) fail(row_where, "missing column '" + piece.text + "'");
      value = scalar_text(*v, piece.text, row_where);
    }
    for (const auto& f : piece.filters)
      value = apply(f.name, f.argument, std::move(value), row_where + ": column '" + piece.text + "'");
    out += value;
  }
  return out;
}

}  // namespace dt
