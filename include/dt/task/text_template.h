// TextTemplate: the small template language of task cards (jobs/*.toml).
//   literal text with "{path|filter|filter:argument}" placeholders; "{{" and "}}" are literal braces.
//   path: a column ("sentence"), a nested field ("choices.text" is not a string, but "a.b" reaches into objects),
//         or "choice" (the candidate answer being rendered).
//   filters (applied left to right, Python semantics):
//     strip               str.strip()
//     drop_final_period   removes one trailing "." if present
//     before:SEP / after:SEP   the part before / after the first SEP (error if SEP is absent)
//     remove_suffix:SUFFIX     str.removesuffix(SUFFIX) (nothing happens when the value does not end with it)
//     map:a=b,c=d,*=e     replaces a whole value; "*" is the fallback (error if no key matches and no "*")
//     lower               ASCII lowercase
//     index_from_letter   "A" -> "0", "B" -> "1", ...
//     index_from_one      "1" -> "0", "2" -> "1", ...
// Templates are compiled when the card is loaded, so a bad filter is reported against the card, and rendering a
// row reports a missing column against the data file and line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

class TextTemplate {
 public:
  TextTemplate() = default;
  // Throws dt::Error naming `where` (e.g. "jobs/sst2.toml: format.prompt") for malformed templates.
  TextTemplate(std::string source, const std::string& where);

  // `choice` may be null when the template does not use it; `row_where` names the row in errors.
  std::string render(const nlohmann::json& row, const std::string* choice, const std::string& row_where) const;

  const std::string& source() const { return source_; }
  bool uses(std::string_view path) const;
  std::vector<std::string> paths() const;  // the placeholders' paths, "choice" aside, in order of first use

 private:
  struct Filter {
    std::string name, argument;
  };
  struct Piece {
    bool literal = true;
    std::string text;  // literal text, or the path of a placeholder
    std::vector<Filter> filters;
  };
  std::string source_;
  std::vector<Piece> pieces_;
};

// The value at a dotted path ("choices.text") in a JSON object; nullptr when absent.
const nlohmann::json* find_path(const nlohmann::json& row, std::string_view path);

}  // namespace dt
